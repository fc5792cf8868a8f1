import { randomBytes } from "node:crypto";
import { createServer, connect, type Server, type Socket } from "node:net";
import pg from "pg";

/** The PostgreSQL the fault tests run against (trust auth, database `test`). */
export const faultTestDatabaseUrl = process.env["TUNEOPS_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";

export interface FaultSchema {
  schema: string;
  /** The application name every connection of `url()` reports, so that only they are terminated. */
  applicationName: string;
  /** A URL whose sessions use the schema and carry the application name (optionally through another host:port). */
  url(via?: { port: number }): string;
  /** pg_terminate_backend on every connection of this schema's URL, from a second connection; how many. */
  terminate(): Promise<number>;
  /** Connections of this schema's URL open now. */
  connections(): Promise<number>;
  count(table: string): Promise<number>;
  query<T extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/** A fresh schema, and an admin connection that can end the sessions of the processes under test. */
export async function createFaultSchema(prefix: string): Promise<FaultSchema> {
  const suffix = randomBytes(5).toString("hex");
  const schema = `tuneops_${prefix}_${suffix}`;
  const applicationName = `tuneops-fault-${suffix}`;
  const admin = new pg.Client({ connectionString: faultTestDatabaseUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  return {
    schema,
    applicationName,
    url(via) {
      const url = new URL(faultTestDatabaseUrl);
      if (via) {
        url.hostname = "127.0.0.1";
        url.port = String(via.port);
      }
      url.searchParams.set("options", `-c search_path=${schema}`);
      url.searchParams.set("application_name", applicationName);
      return url.toString();
    },
    async terminate() {
      const { rows } = await admin.query<{ ended: boolean }>("select pg_terminate_backend(pid) as ended from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()", [applicationName]);
      return rows.filter((row) => row.ended).length;
    },
    async connections() {
      const { rows } = await admin.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where application_name = $1", [applicationName]);
      return rows[0]?.n ?? 0;
    },
    async count(table) {
      const { rows } = await admin.query<{ n: number }>(`select count(*)::int as n from ${schema}.${table}`);
      return rows[0]?.n ?? 0;
    },
    async query(text, values) {
      return (await admin.query(text, values)).rows;
    },
    async drop() {
      await admin.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
      await admin.end();
    },
  };
}

export interface TcpProxy {
  port: number;
  /** Closes every connection through the proxy (a proxy or load balancer dropping them). */
  cut(): void;
  /** Closes the next `count` connections as soon as they open (a database that is starting up, a flaky network). */
  dropNext(count: number): void;
  /** Connections closed by `dropNext` so far. */
  readonly dropped: number;
  /** Cuts every connection and refuses new ones (the database is down), until `up`. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/** A TCP proxy to PostgreSQL that a test can cut or take down, as a failover or a pooler would. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  let toDrop = 0;
  let dropped = 0;
  const listen = async (): Promise<void> => {
    const next = createServer((client) => {
      if (toDrop > 0) {
        toDrop--;
        dropped++;
        client.destroy();
        return;
      }
      const upstream = connect(target.port, target.host);
      sockets.add(client).add(upstream);
      const end = (): void => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on("error", end).on("close", end);
      upstream.on("error", end).on("close", end);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => next.once("error", reject).listen(port, "127.0.0.1", () => resolve()));
    port = (next.address() as { port: number }).port;
    server = next;
  };
  await listen();
  const cut = (): void => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  const stop = async (): Promise<void> => {
    const current = server;
    server = undefined;
    cut();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };
  return {
    get port() {
      return port;
    },
    cut,
    dropNext(count) {
      toDrop += count;
    },
    get dropped() {
      return dropped;
    },
    down: stop,
    up: listen,
    close: stop,
  };
}

export function databaseAddress(): { host: string; port: number } {
  const url = new URL(faultTestDatabaseUrl);
  return { host: url.hostname, port: Number(url.port || 5432) };
}
