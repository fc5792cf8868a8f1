import { describe } from "vitest";
import { needs } from "../../test/support/services.js";
import { describeFineTuneStoreConformance } from "./finetune-store.conformance.js";
import { openStore } from "./open-store.js";
import { postgresTestUrl, testStorePlaces } from "./testing/test-store-places.js";

const places = testStorePlaces("ft");

describeFineTuneStoreConformance("sqlite", () => openStore({ sqlitePath: places.sqlitePath() }));
describe("on PostgreSQL", needs("postgres"), () => {
  describeFineTuneStoreConformance("postgres", () => openStore({ databaseUrl: postgresTestUrl, schema: places.postgresSchema() }));
});
