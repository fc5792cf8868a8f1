import { describe, expect, it } from "vitest";
import { openStore } from "./open-store.js";
import { needs } from "../../test/support/services.js";
import { describeStoreConformance } from "./store.conformance.js";
import { postgresTestUrl as postgresUrl, testStorePlaces } from "./testing/test-store-places.js";

const places = testStorePlaces("store");
const freshSchema = (): string => places.postgresSchema();

describeStoreConformance("sqlite", () => openStore({ sqlitePath: places.sqlitePath() }));
describe("on PostgreSQL", needs("postgres"), () => {
  describeStoreConformance("postgres", () => openStore({ databaseUrl: postgresUrl, schema: freshSchema() }));
});

describe("postgres schemas", needs("postgres"), () => {
  it("keep stores apart and migrate each on its own", async () => {
    const first = await openStore({ databaseUrl: postgresUrl, schema: freshSchema() });
    const second = await openStore({ databaseUrl: postgresUrl, schema: freshSchema() });
    try {
      await first.createRun({ id: "r", project: "p", suite: "s", config: {}, datasetHash: "h", plannedCount: 1, createdAt: 1 });
      expect(await first.getRun("r")).toBeDefined();
      expect(await second.getRun("r")).toBeUndefined();
    } finally {
      await first.close();
      await second.close();
    }
  });
});
