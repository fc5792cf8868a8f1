import { describeFineTuneStoreConformance } from "./finetune-store.conformance.js";
import { openStore } from "./open-store.js";
import { postgresTestUrl, testStorePlaces } from "./testing/test-store-places.js";

const places = testStorePlaces("ft");

describeFineTuneStoreConformance("sqlite", () => openStore({ sqlitePath: places.sqlitePath() }));
describeFineTuneStoreConformance("postgres", () => openStore({ databaseUrl: postgresTestUrl, schema: places.postgresSchema() }));
