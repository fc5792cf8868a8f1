import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { listenRawMock, sendJson } from "./listen-raw-mock.js";

const fixtures = JSON.parse(readFileSync(new URL("./__fixtures__/together-fine-tuning.json", import.meta.url), "utf8")) as Record<string, unknown>;
const fixture = <T>(name: string): T => structuredClone(fixtures[name]) as T;
type Json = Record<string, unknown>;

export interface TogetherFineTuneMock {
  url: string;
  files: Map<string, string>;
  lastCreate: Json | undefined;
  close(): Promise<void>;
}

const lifecycle = ["pending", "queued", "running", "uploading", "completed"] as const;

/**
 * A local server speaking Together's fine-tuning protocol: multipart `/v1/files/upload`, `/v1/fine-tunes`
 * jobs walking pending -> queued -> running -> uploading -> completed as they are polled, events with
 * ISO times and hashes, checkpoints, cancel (cancel_requested, then cancelled), nanodollar prices.
 */
export async function startTogetherFineTuneMock(options: { apiKey?: string } = {}): Promise<TogetherFineTuneMock> {
  const apiKey = options.apiKey ?? "together-test";
  const jobs = new Map<string, { job: Json; events: Json[] }>();
  const files = new Map<string, string>();
  let sequence = 0;
  let clock = Date.parse("2024-10-27T03:33:20.000Z");
  const iso = (): string => new Date((clock += 1_000)).toISOString();
  const mock: TogetherFineTuneMock = { url: "", files, lastCreate: undefined, close: async () => undefined };
  const event = (entry: { events: Json[] }, type: string, message: string, level = "info"): void => {
    entry.events.push({ ...fixture<Json>("event"), created_at: iso(), type, message, level, hash: `h${++sequence}` });
  };

  const route = async (request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://mock");
    const method = request.method ?? "GET";
    if (request.headers.authorization !== `Bearer ${apiKey}`) return sendError(response, 401, "Invalid API key provided");
    if (method === "POST" && url.pathname === "/v1/files/upload") {
      const form = await new Request("http://mock/", { method: "POST", headers: { "content-type": String(request.headers["content-type"]) }, body }).formData();
      const file = form.get("file");
      if (!(file instanceof Blob) || form.get("purpose") !== "fine-tune") return sendError(response, 400, "file and purpose=fine-tune are required");
      const id = `file-${++sequence}`;
      files.set(id, await file.text());
      return sendJson(response, 200, { ...fixture<Json>("file"), id, filename: String(form.get("file_name")), bytes: file.size });
    }
    if (url.pathname === "/v1/fine-tunes") {
      if (method === "GET") return sendJson(response, 200, { data: [...jobs.values()].map((entry) => entry.job) });
      const create = JSON.parse(body.toString("utf8") || "{}") as Json;
      mock.lastCreate = create;
      if (typeof create.training_file !== "string" || !files.has(create.training_file)) return sendError(response, 400, "training_file not found");
      const id = `ft-${String(++sequence).padStart(8, "0")}`;
      const entry = { job: { ...fixture<Json>("job"), id, model: create.model, training_file: create.training_file, created_at: iso(), updated_at: iso() }, events: [] as Json[] };
      event(entry, "JOB_PENDING", "Fine tune request created");
      jobs.set(id, entry);
      return sendJson(response, 200, entry.job);
    }
    const match = /^\/v1\/fine-tunes\/([^/]+)(?:\/(cancel|events|checkpoints))?$/.exec(url.pathname);
    const entry = match ? jobs.get(decodeURIComponent(match[1]!)) : undefined;
    if (!match || !entry) return sendError(response, 404, "Fine-tune job not found");
    const job = entry.job;
    const action = match[2];
    if (action === undefined) {
      if (job.status === "cancel_requested") {
        Object.assign(job, { status: "cancelled", updated_at: iso() });
        event(entry, "JOB_CANCELLED", "Job cancelled");
      } else {
        const next = lifecycle[lifecycle.indexOf(job.status as (typeof lifecycle)[number]) + 1];
        if (next !== undefined) {
          Object.assign(job, { status: next, updated_at: iso() });
          if (next === "running") event(entry, "TRAINING_START", "Training started");
          if (next === "completed") {
            Object.assign(job, { output_name: `tuneops/${String(job.model).split("/").at(-1)}-${job.id}`, token_count: 4_096, total_price: 2_500_000_000, epochs_completed: 1 });
            event(entry, "JOB_COMPLETE", "Fine tuning job completed");
          }
        }
      }
      return sendJson(response, 200, job);
    }
    if (action === "cancel") {
      if (["completed", "cancelled", "error"].includes(String(job.status))) return sendError(response, 400, `Job is already ${String(job.status)}`);
      Object.assign(job, { status: "cancel_requested", updated_at: iso() });
      event(entry, "CANCEL_REQUESTED", "Cancel requested");
      return sendJson(response, 200, job);
    }
    if (action === "events") return sendJson(response, 200, { data: entry.events });
    return sendJson(response, 200, { data: job.status === "completed" ? [{ ...fixture<Json>("checkpoint"), name: String(job.output_name) }] : [] });
  };

  const listening = await listenRawMock({ route, onError: (response, error) => sendError(response, 500, String(error)) });
  mock.url = listening.url;
  mock.close = listening.close;
  return mock;
}

function sendError(response: ServerResponse, status: number, message: string): void {
  const body = fixture<{ error: Json }>("error");
  body.error.message = message;
  sendJson(response, status, body);
}
