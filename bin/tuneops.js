#!/usr/bin/env node
// Entry point for the `tuneops` command: runs the compiled CLI (built by `npm ci` through `prepare`).
import { setFlagsFromString } from "node:v8";

// Long evaluations allocate fast and keep little alive (results stream to the store). V8's default
// lets the old generation grow to 4x the live size under such load; doubling at most keeps the peak
// resident memory flat and low (bench/RESULTS.md) for a few percent of speed.
setFlagsFromString("--heap-growing-percent=100");
// The young generation may grow to 16 MB a semi-space (48 MB resident with its copy space); 4 MB keeps a
// 200,000-case evaluation under 200 MB for about 3% of its speed (bench/RESULTS.md).
setFlagsFromString("--max-semi-space-size=4");

const { main } = await import("../dist/cli/main.js");
main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`tuneops: internal error: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 3;
  },
);
