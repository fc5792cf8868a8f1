import { describeArenaStoreConformance } from "./arena-store.conformance.js";
import { openStore } from "./open-store.js";
import { postgresTestUrl, testStorePlaces } from "./testing/test-store-places.js";

const places = testStorePlaces("arena");

describeArenaStoreConformance("sqlite", () => openStore({ sqlitePath: places.sqlitePath() }));
describeArenaStoreConformance("postgres", () => openStore({ databaseUrl: postgresTestUrl, schema: places.postgresSchema() }));
