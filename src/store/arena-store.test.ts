import { describe } from "vitest";
import { needs } from "../../test/support/services.js";
import { describeArenaStoreConformance } from "./arena-store.conformance.js";
import { openStore } from "./open-store.js";
import { postgresTestUrl, testStorePlaces } from "./testing/test-store-places.js";

const places = testStorePlaces("arena");

describeArenaStoreConformance("sqlite", () => openStore({ sqlitePath: places.sqlitePath() }));
describe("on PostgreSQL", needs("postgres"), () => {
  describeArenaStoreConformance("postgres", () => openStore({ databaseUrl: postgresTestUrl, schema: places.postgresSchema() }));
});
