import cluster from "node:cluster";
import { setFlagsFromString } from "node:v8";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { readSecret } from "../../config/env.js";
import { gatewaySchema, type GatewayConfig } from "../../config/gateway-schema.js";
import { loadProject } from "../../config/load-project.js";
import { loadPriceTable } from "../../cost/price-table.js";
import { startGateway } from "../../gateway/start-gateway.js";
import { TuneopsError } from "../../spec/errors.js";
import type { CliContext } from "../context.js";
import { loadPrices, openProjectStore, projectDirOf } from "../compose.js";
import { registryRouteOverrides } from "../../finetune/registry/route-overrides.js";
import { fineTuneStoreOf } from "../../store/finetune-store.js";
import { gatewayStoreOptions, openProjectGatewayStore } from "../gateway-store.js";
import { openThreadedRequestWriter, type RequestLogWriter } from "../../store/threaded-request-writer.js";
import { registerGatewayKeysCommand } from "./gateway-keys-command.js";

interface GatewayFlags {
  config?: string;
  port?: string;
  host?: string;
  workers?: string;
  upstream?: string;
  upstreamKeyEnv?: string;
}

export function registerGatewayCommand(program: Command, context: CliContext): void {
  const gateway = program
    .command("gateway")
    .description("Serve the OpenAI-compatible gateway (routes, cache, guards, keys, logs, metrics).")
    .option("-c, --config <file>", "project file with a `gateway:` section (default tuneops.yaml)")
    .option("--port <port>", "port to listen on (default gateway.port, 8787)")
    .option("--host <host>", "address to listen on (default gateway.host, 127.0.0.1)")
    .option("--workers <n>", "processes serving the port (node:cluster); state is per process", "1")
    .option("--upstream <url>", "without a project file: forward every model to this OpenAI-compatible base URL (…/v1)")
    .option("--upstream-key-env <name>", "environment variable holding the upstream's API key (with --upstream)")
    .action(async (flags: GatewayFlags) => {
      await runGateway(context, flags);
    });
  registerGatewayKeysCommand(gateway, context);
}

function parseCount(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > max) {
    throw new TuneopsError({ code: "input_invalid", message: `${flag} must be a whole number from 0 to ${max}, got "${value}"`, location: { field: flag } });
  }
  return number;
}

async function resolveGateway(context: CliContext, flags: GatewayFlags): Promise<{ config: GatewayConfig; projectDir: string; prices: ReturnType<typeof loadPriceTable> }> {
  if (flags.upstream !== undefined) {
    if (!URL.canParse(flags.upstream) || !/^https?:/.test(flags.upstream)) {
      throw new TuneopsError({ code: "input_invalid", message: `--upstream must be an http(s) URL like http://127.0.0.1:8000/v1, got "${flags.upstream}"`, location: { field: "--upstream" } });
    }
    const config = gatewaySchema.parse({
      targets: { upstream: { base_url: flags.upstream, ...(flags.upstreamKeyEnv ? { api_key_env: flags.upstreamKeyEnv } : {}) } },
      routes: { "*": { targets: ["upstream"] } },
    });
    const projectDir = flags.config !== undefined ? projectDirOf(resolve(flags.config)) : process.cwd();
    return { config, projectDir, prices: loadPriceTable() };
  }
  if (flags.upstreamKeyEnv !== undefined) throw new TuneopsError({ code: "input_invalid", message: "--upstream-key-env needs --upstream", location: { field: "--upstream-key-env" } });
  const file = flags.config ?? "tuneops.yaml";
  if (flags.config === undefined && !existsSync(resolve(file))) {
    throw new TuneopsError({
      code: "config_invalid",
      message: "no tuneops.yaml here",
      location: { file },
      hint: "Pass -c <project file> with a `gateway:` section, or --upstream <url> to forward every model to one OpenAI-compatible server.",
    });
  }
  const loaded = await loadProject(resolve(file));
  if (!loaded.config.gateway) {
    throw new TuneopsError({ code: "config_invalid", message: `${file} has no \`gateway:\` section`, location: { file, field: "gateway" }, hint: "Add gateway.targets and gateway.routes (docs/gateway.md), or use --upstream <url>." });
  }
  void context;
  return { config: loaded.config.gateway, projectDir: projectDirOf(loaded.path), prices: loadPrices(loaded.config, projectDirOf(loaded.path)) };
}

async function runGateway(context: CliContext, flags: GatewayFlags): Promise<void> {
  // A gateway's garbage dies young, request by request, yet V8 would grow the young generation to about
  // 32 MB and let the old one reach twice its live size. A 1 MB young generation and 30% old-generation
  // growth keep the resident memory flat under 150 MB over a million requests (bench/RESULTS.md).
  setFlagsFromString("--semi-space-growth-factor=1");
  setFlagsFromString("--heap-growing-percent=30");
  const port = parseCount(flags.port, "--port", 65_535);
  const workers = parseCount(flags.workers, "--workers", 256) ?? 1;
  const { config, projectDir, prices } = await resolveGateway(context, flags);
  if (workers > 1 && cluster.isPrimary) {
    // Migrate once here, so the workers do not race to migrate the same database.
    await (await openProjectGatewayStore(context, projectDir)).close();
    await runPrimary(context, { workers, port: port ?? config.port, host: flags.host ?? config.host });
    return;
  }
  const store = await openProjectGatewayStore(context, projectDir);
  // Promotions in the model registry give promoted models their share of routes (re-read periodically).
  const registryStore = await openProjectStore(context.environment, projectDir);
  const say = (line: string): void => (cluster.isWorker ? undefined : context.terminal.out(line));
  let gateway;
  let logWriter: RequestLogWriter | undefined;
  try {
    const storeOptions = gatewayStoreOptions(context, projectDir);
    // SQLite writes block; they go to their own thread. PostgreSQL writes are I/O and stay here.
    if (storeOptions.sqlitePath !== undefined) logWriter = await openThreadedRequestWriter({ sqlitePath: storeOptions.sqlitePath });
    gateway = await startGateway({
      config,
      store,
      logWriter,
      prices,
      readSecret,
      port,
      host: flags.host,
      onLogError: (error) => context.terminal.err(`gateway: cannot apply the log retention: ${error instanceof Error ? error.message : String(error)}`),
      onLogReport: (line) => context.terminal.err(`gateway: ${line}`),
      onKeysError: (error) => context.terminal.err(`gateway: cannot re-read virtual keys (the keys in force stay): ${error instanceof Error ? error.message : String(error)}`),
      routeOverrides: {
        source: registryRouteOverrides(fineTuneStoreOf(registryStore)),
        onChange: (described, problems) => {
          say(described.length === 0 ? "gateway: routes as configured (no promotion applies)" : `gateway: promoted routes: ${described.join("; ")}`);
          for (const problem of problems) context.terminal.err(`gateway: ${problem}`);
        },
        onError: (error) => context.terminal.err(`gateway: cannot read promotions: ${error instanceof Error ? error.message : String(error)}`),
      },
    });
  } catch (error) {
    await registryStore.close().catch(() => undefined);
    await logWriter?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
  const running = gateway;
  if (cluster.isWorker) process.send?.({ tuneopsGateway: "listening", url: running.url });
  else context.terminal.out(`tuneops gateway listening on ${running.url}/v1`);
  // SIGHUP re-reads promotions and keys at once (both are also re-read on their timers).
  const refresh = (): void => {
    void running.refreshRoutes();
    void running.refreshKeys();
  };
  process.on("SIGHUP", refresh);
  await new Promise<void>((resolveStop) => {
    const stop = (): void => {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      process.off("SIGHUP", refresh);
      void running.close().then(resolveStop, (error: unknown) => {
        context.terminal.err(`gateway: shutdown: ${error instanceof Error ? error.message : String(error)}`);
        context.exitCode = 3;
        resolveStop();
      });
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
  await registryStore.close().catch(() => undefined);
  // A worker's IPC channel to the primary would keep it alive.
  if (cluster.isWorker) process.disconnect?.();
  else context.terminal.out(`tuneops gateway stopped; ${running.runtime.logger.written} requests logged`);
}

/** The cluster primary: forks the workers, reports when all listen, forwards SIGTERM and waits for them. */
async function runPrimary(context: CliContext, options: { workers: number; port: number; host: string }): Promise<void> {
  let listening = 0;
  let stopping = false;
  const exited = new Promise<void>((resolveExit) => {
    let alive = options.workers;
    cluster.on("exit", (worker, code) => {
      alive--;
      if (!stopping) {
        context.terminal.err(`gateway: worker ${worker.process.pid} exited with ${code}`);
        context.exitCode = 3;
      }
      if (alive === 0) resolveExit();
    });
  });
  cluster.on("message", (_worker, message: { tuneopsGateway?: string; url?: string }) => {
    if (message?.tuneopsGateway !== "listening") return;
    listening++;
    if (listening === options.workers) context.terminal.out(`tuneops gateway listening on ${message.url}/v1 (${options.workers} workers)`);
  });
  for (let index = 0; index < options.workers; index++) cluster.fork();
  const stop = (): void => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  await exited;
  process.off("SIGTERM", stop);
  process.off("SIGINT", stop);
  if (stopping) context.terminal.out("tuneops gateway stopped");
}
