import { describe } from "vitest";
import { needs } from "../../test/support/services.js";
import { describeGatewayStoreConformance } from "./gateway-store.conformance.js";
import { openGatewayStore } from "./open-gateway-store.js";
import { postgresTestUrl, testStorePlaces } from "./testing/test-store-places.js";

const places = testStorePlaces("gateway");

describeGatewayStoreConformance("sqlite", () => openGatewayStore({ sqlitePath: places.sqlitePath() }));
describe("on PostgreSQL", needs("postgres"), () => {
  describeGatewayStoreConformance("postgres", () => openGatewayStore({ databaseUrl: postgresTestUrl, schema: places.postgresSchema() }));
});
