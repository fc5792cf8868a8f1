import { once } from "node:events";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { loadProject } from "../../config/load-project.js";
import { createDashboardServer } from "../../server/create-dashboard-server.js";
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
    .option("--run <id>", "a run whose outputs are voted on (repeat; default: the newest run with two or more candidates, else the newest two runs of its suite)", (value: string, previous: string[]) => [...previous, value], [])
    .action(async (flags: { config: string; port: string; host: string; run: string[] }) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) {
        throw new TuneopsError({ code: "input_invalid", message: `--port ${flags.port}: expected a port number from 0 to 65535`, location: { field: "--port" } });
      }
      const store = await openProjectStore(context.environment, projectDirOf(resolve(flags.config)));
      try {
        for (const run of flags.run) {
          if ((await store.getRun(run)) === undefined) throw new TuneopsError({ code: "not_found", message: `--run ${run}: no run with that id`, location: { field: "--run" }, hint: "List runs with `tuneops runs list`." });
        }
        const showReference = existsSync(resolve(flags.config)) ? (await loadProject(resolve(flags.config))).config.arena.show_reference === true : false;
        const server = createDashboardServer({ store, arena: arenaStoreOf(store), showReference, ...(flags.run.length > 0 ? { runs: flags.run } : {}) });
        server.listen(port, flags.host);
        await Promise.race([once(server, "listening"), once(server, "error").then(([error]) => Promise.reject(listenError(error, flags.host, port)))]);
        const address = server.address();
        const shownPort = typeof address === "object" && address !== null ? address.port : port;
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
