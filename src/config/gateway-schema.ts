import { z } from "zod";

/**
 * The `gateway:` section of tuneops.yaml: upstream targets, model routes, virtual keys, cache, guards
 * and logging of `tuneops gateway`. Names are snake_case as users write them.
 */

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, "a name of letters, digits, '.', '_', ':', '/' or '-'")
  .describe("A name of letters, digits, '.', '_', ':', '/' or '-'.");

const positiveInt = z.number().int().positive();

export const gatewayTargetSchema = z
  .object({
    base_url: z.string().url().describe("OpenAI-compatible base URL, up to and including /v1."),
    model: z.string().min(1).optional().describe("Model id sent upstream (default: the model the client asked for)."),
    api_key_env: z.string().optional().describe("Environment variable holding the upstream API key (never the key itself)."),
    headers: z.record(z.string(), z.string()).optional().describe("Extra request headers sent upstream."),
    timeout_ms: positiveInt.default(60_000).describe("Time allowed for the upstream's first byte and between bytes, ms."),
    connections: positiveInt.max(4096).default(256).describe("Most sockets kept open to this upstream."),
  })
  .strict();
export type GatewayTargetConfig = z.infer<typeof gatewayTargetSchema>;

const weightedTarget = z
  .object({
    target: name.describe("A target name (see `gateway.targets`)."),
    weight: z.number().min(0).default(1).describe("Share of traffic, relative to the route's other targets (e.g. 90 and 10 for a 10% canary)."),
  })
  .strict();

export const gatewayRouteSchema = z
  .object({
    targets: z.array(z.union([name, weightedTarget])).min(1).describe("Targets that share the traffic by weight (a plain name weighs 1)."),
    fallbacks: z.array(name).default([]).describe("Targets tried in order when the chosen one fails before its first byte."),
    retries: z.number().int().min(0).max(10).default(0).describe("Retries of a retryable failure on the same target before falling back."),
    sticky_header: z.string().min(1).optional().describe("Request header naming the user: the same user always gets the same target."),
    cache: z.boolean().default(true).describe("Whether the cache (when `gateway.cache.enabled`) answers and stores this route's requests."),
    reserve_output_tokens: positiveInt
      .default(4096)
      .describe("Output tokens reserved against a key's budget and tokens per minute for a request that states no max_tokens (settled with the real usage)."),
  })
  .strict();
export type GatewayRouteConfig = z.infer<typeof gatewayRouteSchema>;

export const gatewayKeySchema = z
  .object({
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, "64 lowercase hex digits")
      .describe("SHA-256 of the key, hex (`printf %s KEY | sha256sum`); the key itself is never stored."),
    requests_per_minute: positiveInt.optional(),
    tokens_per_minute: positiveInt.optional(),
    budget_usd_per_day: z.number().min(0).optional(),
    budget_usd_per_month: z.number().min(0).optional(),
    expires_at: z.iso.datetime({ offset: true }).optional().describe("When the key stops working (ISO 8601, e.g. 2027-01-31T00:00:00Z)."),
    routes: z.array(z.string().min(1)).min(1).optional().describe("Routes (model aliases as configured, `*` for the catch-all) the key may use; default: all."),
    models: z.array(z.string().min(1)).min(1).optional().describe("Models the key may ask for; default: all."),
    admin: z.boolean().default(false).describe("May give feedback on any request (other keys only on their own)."),
  })
  .strict();
export type GatewayKeyConfig = z.infer<typeof gatewayKeySchema>;

const guardFailure = z.enum(["open", "closed"]).describe("`closed`: refuse the request when the guard cannot decide or finds a problem; `open`: let it through and log.");

export const gatewayGuardsSchema = z
  .object({
    pii: z
      .object({
        entities: z
          .array(z.enum(["email", "phone", "credit-card", "iban", "us-ssn", "ip-address", "secret"]))
          .min(1)
          .optional()
          .describe("Entity types redacted from requests before they leave (default: all)."),
        on_error: guardFailure.default("closed"),
      })
      .strict()
      .optional(),
    toxicity: z
      .object({
        on_error: guardFailure.default("open"),
        action: z.enum(["block", "flag"]).default("block").describe("`block`: replace a toxic response with an error; `flag`: pass it and log."),
        stream_hold_chars: z
          .number()
          .int()
          .min(0)
          .max(1_000_000)
          .default(0)
          .describe(
            "With `block`, hold a stream back by this many characters of content so toxic text is stopped before the client sees it (0: check when the stream ends, after the text went out). Costs latency: each piece arrives this many characters late.",
          ),
      })
      .strict()
      .optional(),
  })
  .strict();
export type GatewayGuardsConfig = z.infer<typeof gatewayGuardsSchema>;

export const gatewaySchema = z
  .object({
    port: positiveInt.max(65_535).default(8787),
    host: z.string().default("127.0.0.1"),
    max_body_bytes: positiveInt.default(4 * 1024 * 1024).describe("Largest request body accepted, bytes."),
    // 16 MB: far above any real completion or embedding batch, low enough that a runaway upstream cannot exhaust memory.
    max_upstream_bytes: positiveInt.default(16 * 1024 * 1024).describe("Largest upstream answer relayed, bytes; a larger one is a 502 (or a terminal error event once a stream has started)."),
    promotions_refresh_ms: positiveInt
      .default(5_000)
      .describe("How often the gateway re-reads the model registry's promotions (canary shares of routes), ms; SIGHUP re-reads at once."),
    keys_refresh_ms: positiveInt
      .max(60_000)
      .default(1_000)
      .describe("How often the gateway re-reads stored virtual keys, ms (revocations apply within it); SIGHUP re-reads at once."),
    targets: z.record(name, gatewayTargetSchema).default({}),
    routes: z.record(z.string().min(1), gatewayRouteSchema).default({}).describe("Model aliases clients send, mapped to targets; `*` matches any other model."),
    keys: z.record(name, gatewayKeySchema).default({}).describe("Virtual keys by name; when any is set (here or in the store), every request needs one."),
    cache: z
      .object({
        enabled: z.boolean().default(false),
        ttl_seconds: positiveInt.default(3600),
        max_entries: positiveInt.default(10_000),
        semantic: z
          .object({
            target: name.describe("Target serving /v1/embeddings."),
            model: z.string().min(1).describe("Embedding model id."),
            threshold: z.number().min(0).max(1).default(0.95),
          })
          .strict()
          .optional()
          .describe("Also answer single-turn chat requests whose prompt embeds close to a cached one."),
      })
      .strict()
      .default({ enabled: false, ttl_seconds: 3600, max_entries: 10_000 }),
    guards: gatewayGuardsSchema.default({}),
    logging: z
      .object({
        enabled: z.boolean().default(true).describe("Write a log row per request (false: metrics only, for teams that log elsewhere; spend then restarts from 0 when the gateway restarts, and feedback cannot name a request)."),
        sample_rate: z.number().min(0).max(1).default(1).describe("Share of successful requests logged, 0 to 1; failed and refused requests are always logged while logging is enabled."),
        bodies: z.boolean().default(false).describe("Store request and response bodies."),
        redact_bodies: z.boolean().default(true).describe("Redact PII from stored bodies."),
        flush_ms: positiveInt.default(100).describe("Most time a log row waits in memory before it is written, ms."),
        batch_size: positiveInt.max(5_000).default(500).describe("Most rows per write (one transaction)."),
        batch_mb: z.number().positive().max(64).default(2).describe("Most MB of rows per write (bodies counted); a larger row is written alone."),
        // While the store refuses writes the rows wait in memory; these bound what an outage can cost.
        max_pending_rows: positiveInt.default(100_000).describe("Most log rows kept in memory while the store refuses writes; the oldest beyond it are dropped and counted."),
        max_pending_mb: z.number().positive().default(64).describe("Most MB of log rows kept in memory while the store refuses writes; past it bodies are dropped first, then rows."),
        retention_days: positiveInt.default(30).describe("Request logs and feedback older than this are deleted."),
      })
      .strict()
      .default({ enabled: true, sample_rate: 1, bodies: false, redact_bodies: true, flush_ms: 100, batch_size: 500, batch_mb: 2, max_pending_rows: 100_000, max_pending_mb: 64, retention_days: 30 }),
  })
  .strict();

export type GatewayConfig = z.infer<typeof gatewaySchema>;
export type GatewayInput = z.input<typeof gatewaySchema>;
