import type { Environment } from "../config/env.js";
import type { Terminal } from "./terminal.js";

/** What every command gets from the composition root. */
export interface CliContext {
  terminal: Terminal;
  environment: Environment;
  /** Set by a command: 0 ok, 1 a gate failed, 2 bad input, 3 runtime failure. */
  exitCode: number;
}
