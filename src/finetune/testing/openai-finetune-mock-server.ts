import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { listenRawMock, sendJson } from "./listen-raw-mock.js";

const fixtures = JSON.parse(readFileSync(new URL("./__fixtures__/openai-fine-tuning.json", import.meta.url), "utf8")) as Record<string, unknown>;
const fixture = <T>(name: string): T => structuredClone(fixtures[name]) as T;

type Json = Record<string, unknown>;

export interface OpenaiFineTuneMockOptions {
  apiKey?: string;
  /** Retrievals a job spends in each state before moving on (validating_files, queued, running). */
  retrievalsPerState?: number;
  /** Jobs end `failed` with this error instead of succeeding. */
  failWith?: { code: string; message: string };
  /** Jobs move on only when the test calls `advance` (default: as they are polled). */
  manual?: boolean;
}

export interface OpenaiFineTuneMock {
  /** Base URL with `/v1`. */
  url: string;
  /** Uploaded files' text by id. */
  files: Map<string, { purpose: string; filename: string; text: string }>;
  /** The last job-creation body. */
  lastCreate: Json | undefined;
  /** Requests received, as `METHOD /path`. */
  requests: string[];
  /** Answers the next `times` requests with this HTTP status (OpenAI's error body). */
  failNext(status: number, times?: number): void;
  /** Moves every unfinished job one state on (with `manual`). */
  advance(): void;
  close(): Promise<void>;
}

interface MockJob {
  job: Json;
  retrievals: number;
  events: Json[];
}

const lifecycle = ["validating_files", "queued", "running", "succeeded"] as const;

/**
 * A local server speaking OpenAI's fine-tuning protocol: multipart uploads to /v1/files, jobs that walk
 * validating_files -> queued -> running -> succeeded as they are polled, events newest first with
 * `after` paging, checkpoints and a result CSV, and OpenAI's error bodies. Responses are the recorded
 * shapes of __fixtures__/openai-fine-tuning.json with ids and states filled in.
 */
export async function startOpenaiFineTuneMock(options: OpenaiFineTuneMockOptions = {}): Promise<OpenaiFineTuneMock> {
  const apiKey = options.apiKey ?? "sk-test";
  const perState = options.retrievalsPerState ?? 1;
  const jobs = new Map<string, MockJob>();
  const files = new Map<string, { purpose: string; filename: string; text: string }>();
  const requests: string[] = [];
  let failure: { status: number; times: number } | undefined;
  let sequence = 0;
  let clock = 1_721_764_800;
  const mock: OpenaiFineTuneMock = {
    url: "",
    files,
    lastCreate: undefined,
    requests,
    failNext(status, times = 1) {
      failure = { status, times };
    },
    advance() {
      for (const entry of jobs.values()) for (let step = 0; step < perState; step++) advance(entry);
    },
    close: async () => undefined,
  };

  const addEvent = (entry: MockJob, message: string, extra: Json = {}): void => {
    const base = fixture<Json>(extra.type === "metrics" ? "metricsEvent" : "event");
    entry.events.push({ ...base, id: `ftevent-${++sequence}`, created_at: ++clock, message, ...extra });
  };

  const advance = (entry: MockJob): void => {
    const job = entry.job;
    const status = String(job.status);
    if (status === "succeeded" || status === "failed" || status === "cancelled") return;
    entry.retrievals++;
    if (entry.retrievals % perState !== 0) return;
    const next = lifecycle[lifecycle.indexOf(status as (typeof lifecycle)[number]) + 1];
    if (next === "running") {
      job.status = "running";
      addEvent(entry, "Fine-tuning job started");
      addEvent(entry, "Step 1/3: training loss=2.31", { type: "metrics", data: { step: 1, train_loss: 2.31, total_steps: 3, train_mean_token_accuracy: 0.41 } });
    } else if (next === "succeeded" && options.failWith) {
      Object.assign(job, { status: "failed", finished_at: ++clock, error: { code: options.failWith.code, message: options.failWith.message, param: "training_file" } });
      addEvent(entry, `Job failed: ${options.failWith.message}`, { level: "error" });
    } else if (next === "succeeded") {
      const resultId = `file-result-${++sequence}`;
      files.set(resultId, { purpose: "fine-tune-results", filename: "step_metrics.csv", text: fixture<string>("resultCsv") });
      Object.assign(job, { status: "succeeded", finished_at: ++clock, fine_tuned_model: `ft:${String(job.model)}:tuneops::${String(job.id).slice(6, 14)}`, trained_tokens: 3_000, result_files: [resultId] });
      addEvent(entry, "Step 3/3: training loss=0.98", { type: "metrics", data: { step: 3, train_loss: 0.98, total_steps: 3, train_mean_token_accuracy: 0.71 } });
      addEvent(entry, "The job has successfully completed");
    } else if (next !== undefined) {
      job.status = next;
      addEvent(entry, next === "queued" ? "Files validated, moving job to queued state" : next);
    }
  };

  const route = async (request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://mock");
    const method = request.method ?? "GET";
    const path = url.pathname;
    requests.push(`${method} ${path}`);
    if (request.headers.authorization !== `Bearer ${apiKey}`) return sendError(response, 401, "Incorrect API key provided.", "invalid_api_key");
    if (failure && failure.times > 0) {
      failure.times--;
      return sendError(response, failure.status, failure.status === 429 ? "Rate limit reached" : "The server had an error", null);
    }
    if (method === "POST" && path === "/v1/files") {
      const form = await new Request("http://mock/", { method: "POST", headers: { "content-type": String(request.headers["content-type"]) }, body }).formData();
      const file = form.get("file");
      if (!(file instanceof Blob)) return sendError(response, 400, "Missing file", "missing_file");
      const id = `file-${++sequence}`;
      const name = file instanceof File ? file.name : "upload.jsonl";
      files.set(id, { purpose: String(form.get("purpose")), filename: name, text: await file.text() });
      return sendJson(response, 200, { ...fixture<Json>("file"), id, filename: name, bytes: file.size, purpose: String(form.get("purpose")) });
    }
    const content = /^\/v1\/files\/([^/]+)\/content$/.exec(path);
    if (method === "GET" && content) {
      const file = files.get(decodeURIComponent(content[1]!));
      if (!file) return sendError(response, 404, "No such File object", null);
      response.writeHead(200, { "content-type": "application/octet-stream" });
      return void response.end(file.text);
    }
    if (path === "/v1/fine_tuning/jobs") {
      if (method === "GET") {
        // Newest first, paged by `after` (the id of the last job of the previous page), as OpenAI pages.
        const limit = Number(url.searchParams.get("limit") ?? 20);
        const after = url.searchParams.get("after");
        const all = [...jobs.values()].map((entry) => entry.job).reverse();
        const start = after === null ? 0 : all.findIndex((job) => job.id === after) + 1;
        return sendJson(response, 200, { object: "list", data: all.slice(start, start + limit), has_more: start + limit < all.length });
      }
      const create = JSON.parse(body.toString("utf8") || "{}") as Json;
      mock.lastCreate = create;
      if (typeof create.model !== "string") return sendError(response, 400, "Missing required parameter: 'model'.", "missing_required_parameter");
      if (typeof create.training_file !== "string" || !files.has(create.training_file)) return sendError(response, 400, `invalid training_file: ${String(create.training_file)}`, "invalid_training_file");
      const id = `ftjob-${String(++sequence).padStart(8, "0")}`;
      const job = { ...fixture<Json>("job"), id, model: create.model, training_file: create.training_file, validation_file: create.validation_file ?? null, created_at: ++clock, method: create.method ?? fixture<Json>("job").method };
      const entry: MockJob = { job, retrievals: 0, events: [] };
      addEvent(entry, "Validating training file");
      jobs.set(id, entry);
      return sendJson(response, 200, job);
    }
    const match = /^\/v1\/fine_tuning\/jobs\/([^/]+)(?:\/(cancel|events|checkpoints))?$/.exec(path);
    const entry = match ? jobs.get(decodeURIComponent(match[1]!)) : undefined;
    if (!match || !entry) return sendError(response, 404, `Could not find fine-tune job: ${match?.[1] ?? path}`, "fine_tune_not_found");
    const action = match[2];
    if (action === undefined) {
      if (!options.manual) advance(entry);
      return sendJson(response, 200, entry.job);
    }
    if (action === "cancel") {
      if (["succeeded", "failed", "cancelled"].includes(String(entry.job.status))) return sendError(response, 400, `Job has already completed: ${String(entry.job.status)}`, null);
      Object.assign(entry.job, { status: "cancelled", finished_at: ++clock });
      addEvent(entry, "Fine-tuning job cancelled");
      return sendJson(response, 200, entry.job);
    }
    if (action === "events") {
      const newestFirst = [...entry.events].reverse();
      const after = url.searchParams.get("after");
      const start = after === null ? 0 : newestFirst.findIndex((event) => event.id === after) + 1;
      const limit = Number(url.searchParams.get("limit") ?? 20);
      const page = newestFirst.slice(start, start + limit);
      return sendJson(response, 200, { object: "list", data: page, has_more: start + limit < newestFirst.length });
    }
    const checkpoints = entry.job.status === "succeeded" ? [{ ...fixture<Json>("checkpoint"), fine_tuning_job_id: entry.job.id }] : [];
    return sendJson(response, 200, { object: "list", data: checkpoints, has_more: false, first_id: null, last_id: null });
  };

  const listening = await listenRawMock({ route, onError: (response, error) => sendError(response, 500, String(error), null) });
  mock.url = listening.url;
  mock.close = listening.close;
  return mock;
}

function sendError(response: ServerResponse, status: number, message: string, code: string | null): void {
  const body = fixture<{ error: Json }>("error");
  Object.assign(body.error, { message, code, type: status === 401 ? "invalid_request_error" : status >= 500 ? "server_error" : "invalid_request_error" });
  sendJson(response, status, body);
}
