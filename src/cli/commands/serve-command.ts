import { once } from "node:events";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { loadProject } from "../../config/load-project.js";
import { readSecret } from "../../config/env.js";
import { createDashboardServer } from "../../server/create-dashboard-server.js";
import { allowedHostsFor, isLoopback } from "../../server/request-guard.js";
import { TuneopsError } from "../../spec/errors.js";
import { arenaStoreOf } from "../../store/arena-store.js";
import type { CliContext } from "../context.js";
import { openProjectStore, projectDirOf } from "../compose.js";
import { withInterrupt } from "../interrupt.js";

export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command("serve")
    .description("Serve the dashboard: the arena voting page (blind side-by-side votes on runs' outputs) at /arena.")
    .option("-c, --config <file>", "project file (its folder holds the store)", "tuneops.yaml")
    .option("--port <port>", "port to listen on (0: any free port)", "4100")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--token-env <name>", "environment variable holding an access token every request must carry (Authorization: Bearer, or ?token= once)")
    .option("--allow-remote", "allow listening on a non-loopback address (without --token-env anyone who can reach it can vote)")
    .option("--run <id>", "a run whose outputs are voted on (repeat; default: the newest run with two or more candidates, else the newest two runs of its suite)", (value: string, previous: string[]) => [...previous, value], [])
    .action(async (flags: { config: string; port: string; host: string; run: string[]; tokenEnv?: string; allowRemote?: boolean }) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) {
        throw new TuneopsError({ code: "input_invalid", message: `--port ${flags.port}: expected a port number from 0 to 65535`, location: { field: "--port" } });
      }
      const accessToken = flags.tokenEnv === undefined ? undefined : readSecret(flags.tokenEnv);
      if (flags.tokenEnv !== undefined && (accessToken === undefined || accessToken.length < 8)) {
        throw new TuneopsError({ code: "input_invalid", message: `--token-env ${flags.tokenEnv}: the variable is not set or holds fewer than 8 characters`, location: { field: "--token-env" }, hint: `Set it, e.g. export ${flags.tokenEnv}=$(openssl rand -hex 16).` });
      }
      if (!isLoopback(flags.host) && accessToken === undefined) {
        if (!flags.allowRemote) {
          throw new TuneopsError({
            code: "input_invalid",
            message: `--host ${flags.host} is not a loopback address and no access token is set: anyone who can reach it could read the outputs and vote`,
            location: { field: "--host" },
            hint: "Keep the default 127.0.0.1, protect it with --token-env NAME, or accept the exposure with --allow-remote.",
          });
        }
        context.terminal.err(`warning: listening on ${flags.host} without an access token (--allow-remote): anyone who can reach it can read the outputs and vote; add --token-env NAME`);
      }
      // State-changing requests must name the bound address as their Host (stops DNS rebinding); a wildcard bind checks Origin only.
      const allowedHosts = allowedHostsFor(flags.host, port) === undefined ? undefined : new Set<string>();
      const store = await openProjectStore(context.environment, projectDirOf(resolve(flags.config)));
      try {
        for (const run of flags.run) {
          if ((await store.getRun(run)) === undefined) throw new TuneopsError({ code: "not_found", message: `--run ${run}: no run with that id`, location: { field: "--run" }, hint: "List runs with `tuneops runs list`." });
        }
        const showReference = existsSync(resolve(flags.config)) ? (await loadProject(resolve(flags.config))).config.arena.show_reference === true : false;
        const server = createDashboardServer({
          store,
          arena: arenaStoreOf(store),
          showReference,
          ...(flags.run.length > 0 ? { runs: flags.run } : {}),
          ...(allowedHosts === undefined ? {} : { allowedHosts }),
          ...(accessToken === undefined ? {} : { accessToken }),
        });
        server.listen(port, flags.host);
        await Promise.race([once(server, "listening"), once(server, "error").then(([error]) => Promise.reject(listenError(error, flags.host, port)))]);
        const address = server.address();
        const shownPort = typeof address === "object" && address !== null ? address.port : port;
        for (const name of allowedHostsFor(flags.host, shownPort) ?? []) allowedHosts?.add(name);
        const host = flags.host.includes(":") ? `[${flags.host}]` : flags.host;
        context.terminal.out(`tuneops dashboard listening on http://${host}:${shownPort}/arena (Ctrl-C to stop)`);
        await withInterrupt(context, (signal) => (signal.aborted ? Promise.resolve() : once(signal, "abort").then(() => undefined)));
        server.closeAllConnections();
        await new Promise<void>((done) => server.close(() => done()));
      } finally {
        await store.close();
      }
    });
}

function listenError(error: unknown, host: string, port: number): TuneopsError {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  return new TuneopsError({
    code: code === "EADDRINUSE" || code === "EACCES" ? "input_invalid" : "internal",
    message: `cannot listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`,
    location: { field: "--port" },
    hint: code === "EADDRINUSE" ? "Another process uses that port: pick another with --port (0 picks a free one)." : undefined,
  });
}
