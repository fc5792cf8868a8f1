import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { connect } from "node:net";
import pg from "pg";
import type { ServiceProbe, ServiceProbes, TestServiceSettings } from "./test-services.js";

/** How long a probe waits for a service: long enough for a busy machine, short enough for a filtered port. */
const probeTimeoutMs = 3_000;

function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeError(error.errors[0]);
  if (error instanceof Error) return "code" in error && typeof error.code === "string" && !error.message.includes(error.code) ? `${error.code}: ${error.message}` : error.message;
  return String(error);
}

/** Shows a URL without its password, the way a reason line may be pasted into an issue. */
function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== "") parsed.password = "***";
  return parsed.toString();
}

export async function probePostgres(url: string): Promise<ServiceProbe> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: probeTimeoutMs, query_timeout: probeTimeoutMs });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return { available: true };
  } catch (error) {
    return { available: false, reason: `no PostgreSQL at ${withoutPassword(url)} (${describeError(error)})` };
  } finally {
    await client.end().catch(() => {});
  }
}

/** RESP encoding of one command, so a password with spaces or newlines reaches AUTH intact. */
function respCommand(...parts: string[]): string {
  return `*${parts.length}\r\n${parts.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join("")}`;
}

/** A PING over a plain socket (after AUTH when the URL has a password): no Redis client needed to probe. */
export function probeRedis(url: string): Promise<ServiceProbe> {
  const parsed = new URL(url);
  const place = withoutPassword(url);
  const commands = parsed.password === "" ? [respCommand("PING")] : [respCommand("AUTH", ...(parsed.username === "" ? [] : [decodeURIComponent(parsed.username)]), decodeURIComponent(parsed.password)), respCommand("PING")];
  return new Promise((resolve) => {
    const socket = connect({ host: parsed.hostname || "127.0.0.1", port: Number(parsed.port || 6379) });
    let answer = "";
    const finish = (probe: ServiceProbe): void => {
      socket.destroy();
      resolve(probe);
    };
    socket.setTimeout(probeTimeoutMs, () => finish({ available: false, reason: `no answer from Redis at ${place} within ${probeTimeoutMs} ms` }));
    socket.on("connect", () => socket.write(commands.join("")));
    socket.on("error", (error) => finish({ available: false, reason: `no Redis at ${place} (${describeError(error)})` }));
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString("utf8");
      const error = /^-(.*)\r\n/m.exec(answer);
      if (error) finish({ available: false, reason: `Redis at ${place} refused the probe (${error[1]})` });
      else if (answer.includes("+PONG\r\n")) finish({ available: true });
    });
  });
}

export async function probeChromium(path: string): Promise<ServiceProbe> {
  try {
    await access(path, constants.X_OK);
    return { available: true };
  } catch (error) {
    return { available: false, reason: `no Chromium executable at ${path} (${describeError(error)})` };
  }
}

/** Probes every service once, in parallel. */
export async function probeServices(settings: TestServiceSettings): Promise<ServiceProbes> {
  const [postgres, redis, chromium] = await Promise.all([probePostgres(settings.postgresUrl), probeRedis(settings.redisUrl), probeChromium(settings.chromiumPath)]);
  return { postgres, redis, chromium };
}
