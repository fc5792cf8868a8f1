// A zero-latency OpenAI-compatible upstream for the benchmarks, in its own process so that its CPU is
// not counted against the process under test. Prints its base URL on stdout.
import { startOpenAiMockServer } from "../dist/providers/testing/openai-mock-server.js";

const port = Number(process.argv[2] ?? 0);
const server = await startOpenAiMockServer({ port });
process.stdout.write(`${server.url}\n`);
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
