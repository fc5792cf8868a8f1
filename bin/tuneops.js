#!/usr/bin/env node
// Entry point for the `tuneops` command: runs the compiled CLI (built by `npm ci` through `prepare`).
import { main } from "../dist/cli/main.js";

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`tuneops: internal error: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 3;
  },
);
