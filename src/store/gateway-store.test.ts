import { describeGatewayStoreConformance } from "./gateway-store.conformance.js";
import { openGatewayStore } from "./open-gateway-store.js";
import { postgresTestUrl, testStorePlaces } from "./testing/test-store-places.js";

const places = testStorePlaces("gateway");

describeGatewayStoreConformance("sqlite", () => openGatewayStore({ sqlitePath: places.sqlitePath() }));
describeGatewayStoreConformance("postgres", () => openGatewayStore({ databaseUrl: postgresTestUrl, schema: places.postgresSchema() }));
