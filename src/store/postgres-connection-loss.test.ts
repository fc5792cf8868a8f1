import { afterAll, describe, expect, it } from "vitest";
import { needs } from "../../test/support/services.js";
import { createFaultSchema, databaseAddress, startTcpProxy, type FaultSchema } from "./testing/postgres-faults.js";
import { openStore } from "./open-store.js";

/** The store survives PostgreSQL connections that end under it (issue 14, item 1). */
const schemas: FaultSchema[] = [];
afterAll(async () => {
  for (const schema of schemas) await schema.drop();
});

const newRun = (id: string) => ({ id, project: "p", suite: "s", config: {}, datasetHash: "h", plannedCount: 1, createdAt: 1 });

describe("the PostgreSQL store when connections end", needs("postgres"), () => {
  it("survives idle connections terminated by pg_terminate_backend and opens new ones", async () => {
    const schema = await createFaultSchema("store_drop");
    schemas.push(schema);
    const store = await openStore({ databaseUrl: schema.url() });
    try {
      await store.createRun(newRun("r1"));
      expect(await schema.terminate()).toBeGreaterThan(0);
      // Without an error listener on the pool, the idle client's error would end this process here.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await store.listRuns()).map((run) => run.id)).toEqual(["r1"]);
    } finally {
      await store.close();
    }
  });

  it("tries an operation again when its connection is closed as it opens", async () => {
    const schema = await createFaultSchema("store_flaky");
    schemas.push(schema);
    const proxy = await startTcpProxy(databaseAddress());
    const store = await openStore({ databaseUrl: schema.url({ port: proxy.port }) });
    try {
      proxy.cut();
      proxy.dropNext(2);
      await store.createRun(newRun("r2"));
      expect(proxy.dropped).toBe(2);
      expect((await store.getRun("r2"))?.id).toBe("r2");
    } finally {
      await store.close();
      await proxy.close();
    }
  });
});
