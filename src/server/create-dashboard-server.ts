import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { z } from "zod";
import type { ArenaStore } from "../spec/arena-store.js";
import { httpStatusFor, isTuneopsError, TuneopsError } from "../spec/errors.js";
import type { RunRecord, Store } from "../spec/store.js";
import { DashboardHttpError } from "./dashboard-error.js";
import { checkSameOrigin, RateLimiter } from "./request-guard.js";
import { votingPage } from "./voting-page.js";
import { maxVotingRuns, VoteSessions } from "./vote-sessions.js";

export interface DashboardServerOptions {
  store: Store;
  arena: ArenaStore;
  /** Runs whose outputs the voting page offers when the page names none (`?run=`); default: see `defaultVotingRuns`. */
  runs?: readonly string[];
  /** Show voters the case's reference (`arena.show_reference`); default false: only what the models were given. */
  showReference?: boolean;
  now?: () => number;
  /**
   * `host:port` names the server answers state-changing requests under (its bound address; loopback
   * names for a loopback bind). Undefined: any Host, as long as a request's Origin is the Host it names.
   */
  allowedHosts?: ReadonlySet<string>;
  /** Votes and skips one client address may send a minute (default 60). */
  votesPerMinute?: number;
  /** When set, every request but /healthz needs it (`Authorization: Bearer`, or `?token=` once, kept in a cookie). */
  accessToken?: string;
}

const sessionCookie = "tuneops_session";
const tokenCookie = "tuneops_token";

function cookieOf(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join("="));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const digest = (text: string): Buffer => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Largest request body accepted, bytes: a vote is a few dozen. */
const maxBodyBytes = 16 * 1024;

const voterName = z.string().trim().min(1).max(100).regex(/^[^\u0000-\u001f]+$/, "no control characters");
const voteBody = z.object({ token: z.string().min(1).max(100), choice: z.enum(["left", "right", "tie"]) }).strict();
const skipBody = z.object({ token: z.string().min(1).max(100) }).strict();

/**
 * The runs the voting page offers by default: the newest completed run with two or more candidates;
 * when no completed run has two, the newest two completed runs of the newest completed run's suite.
 * Runs still going (or interrupted, or failed) are passed over: their outputs are not all there.
 */
export async function defaultVotingRuns(store: Store): Promise<string[]> {
  const runs = (await store.listRuns({ limit: 200 })).filter((run) => run.status === "completed");
  const candidateCount = (run: RunRecord): number => {
    const candidates = (run.config as { candidateIds?: unknown } | null)?.candidateIds;
    return Array.isArray(candidates) ? candidates.length : 0;
  };
  const several = runs.find((run) => candidateCount(run) >= 2);
  if (several !== undefined) return [several.id];
  const newest = runs[0];
  if (newest === undefined) return [];
  return runs.filter((run) => run.suite === newest.suite).slice(0, 2).map((run) => run.id);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
  response.end(text);
}

function sendError(response: ServerResponse, error: unknown): void {
  if (error instanceof DashboardHttpError) {
    for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
    sendJson(response, error.status, { error: { code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) } });
    return;
  }
  if (isTuneopsError(error)) {
    sendJson(response, httpStatusFor(error.code), { error: { code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) } });
    return;
  }
  sendJson(response, 500, { error: { code: "internal", message: error instanceof Error ? error.message : String(error) } });
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new TuneopsError({ code: "input_invalid", message: `request body over ${maxBodyBytes} bytes` });
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new TuneopsError({ code: "input_invalid", message: "the request body is not JSON", hint: 'Send {"token": "...", "choice": "left" | "right" | "tie"}.' });
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new TuneopsError({ code: "input_invalid", message: `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`, location: { field: issue?.path.join(".") ?? "" } });
}

/**
 * The dashboard's HTTP server (plain node:http): the arena voting page at /arena and its JSON API.
 * GET /api/arena/next?run=&voter= gives a blind pair (or null when all are voted) with progress;
 * POST /api/arena/votes {token, choice} stores a vote; POST /api/arena/skip {token} skips a pair.
 */
export function createDashboardServer(options: DashboardServerOptions): Server & { sessions: VoteSessions } {
  const sessions = new VoteSessions({
    store: options.store,
    arena: options.arena,
    showReference: options.showReference === true,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const votes = new RateLimiter({ perMinute: options.votesPerMinute ?? 60, ...(options.now === undefined ? {} : { now: options.now }) });
  const runsOf = async (url: URL): Promise<string[]> => {
    // The same runs in another order or repeated are the same list (one loaded queue, not several).
    const named = [...new Set(url.searchParams.getAll("run").filter((run) => run !== ""))].sort();
    if (named.length > maxVotingRuns) {
      throw new TuneopsError({ code: "input_invalid", message: `${named.length} runs named; a voting page takes at most ${maxVotingRuns}`, location: { field: "run" } });
    }
    if (named.length > 0) return named;
    if (options.runs !== undefined && options.runs.length > 0) return [...options.runs];
    const found = await defaultVotingRuns(options.store);
    if (found.length === 0) throw new TuneopsError({ code: "not_found", message: "no completed runs to vote on", hint: "Run `tuneops eval` with two or more candidates, or start the server with --run A --run B." });
    return found;
  };
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const route = `${request.method ?? "GET"} ${url.pathname}`;
    if (options.accessToken !== undefined && route !== "GET /healthz" && !authorised(request, response, url, options.accessToken)) return;
    if (request.method !== "GET" && request.method !== "HEAD") checkSameOrigin(request, options.allowedHosts);
    // A browser session (a random id in an HttpOnly cookie) that voter names and shown pairs are tied to.
    let session = cookieOf(request, sessionCookie);
    if (session === undefined || !/^[0-9a-f]{32}$/.test(session)) {
      session = randomBytes(16).toString("hex");
      response.setHeader("set-cookie", `${sessionCookie}=${session}; Path=/; HttpOnly; SameSite=Strict`);
    }
    const client = request.socket.remoteAddress ?? "unknown";
    switch (route) {
      case "GET /":
        response.writeHead(302, { location: "/arena" });
        response.end();
        return;
      case "GET /healthz":
        sendJson(response, 200, { ok: true });
        return;
      case "GET /arena": {
        const html = votingPage();
        response.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(html), "cache-control": "no-store", "content-security-policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'" });
        response.end(html);
        return;
      }
      case "GET /api/arena/next": {
        const voter = parse(voterName, url.searchParams.get("voter") ?? "human");
        const runs = await runsOf(url);
        sendJson(response, 200, { runs, ...(await sessions.next(runs, voter, session)) });
        return;
      }
      case "POST /api/arena/votes": {
        votes.take(client);
        const body = parse(voteBody, await readJson(request));
        await sessions.vote(body.token, body.choice, session);
        sendJson(response, 201, { ok: true });
        return;
      }
      case "POST /api/arena/skip": {
        votes.take(client);
        const body = parse(skipBody, await readJson(request));
        sessions.skip(body.token, session);
        sendJson(response, 200, { ok: true });
        return;
      }
      default:
        sendJson(response, 404, { error: { code: "not_found", message: `no route ${route}` } });
    }
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendError(response, error);
      else response.destroy();
    });
  });
  return Object.assign(server, { sessions });
}

/**
 * Whether the request carries the access token (a bearer header or the cookie). A GET with `?token=`
 * sets the cookie and redirects to the same page without it, so the token leaves the address bar.
 */
function authorised(request: IncomingMessage, response: ServerResponse, url: URL, token: string): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? "")?.[1]?.trim();
  if (sameSecret(bearer, token) || sameSecret(cookieOf(request, tokenCookie), token)) return true;
  const given = url.searchParams.get("token");
  if (request.method === "GET" && given !== null && sameSecret(given, token)) {
    url.searchParams.delete("token");
    response.writeHead(303, { location: `${url.pathname}${url.search}`, "set-cookie": `${tokenCookie}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`, "cache-control": "no-store" });
    response.end();
    return false;
  }
  sendJson(response, 401, { error: { code: "unauthorized", message: "this dashboard needs its access token", hint: "Open it with ?token=TOKEN once (the server's --token-env variable), or send Authorization: Bearer TOKEN." } });
  return false;
}
