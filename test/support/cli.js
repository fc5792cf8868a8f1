import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
/** The built CLI (npm test builds before running vitest). */
export const cliPath = new URL("../../bin/tuneops.js", import.meta.url).pathname;
export function startCli(args, options) {
    const child = spawn(process.execPath, [cliPath, ...args], {
        cwd: options.cwd,
        env: { ...process.env, CI: "true", NO_COLOR: "1", TUNEOPS_DATABASE_URL: "", OPENAI_API_KEY: "", ANTHROPIC_API_KEY: "", TUNEOPS_GGUF: "", ...options.env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => (stdout += chunk.toString()));
    child.stderr?.on("data", (chunk) => (stderr += chunk.toString()));
    const done = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
    return { child, done };
}
export function runCli(args, options) {
    return startCli(args, options).done;
}
export async function tempProject(files) {
    const dir = await mkdtemp(join(tmpdir(), "tuneops-e2e-"));
    for (const [name, content] of Object.entries(files))
        await writeFile(join(dir, name), content);
    return dir;
}
/** `count` JSONL cases whose expected answer is the input itself (an echoing upstream passes them). */
export function echoCases(count) {
    const lines = [];
    for (let index = 0; index < count; index += 1)
        lines.push(JSON.stringify({ id: `c${index}`, input: `question ${index}`, expected: `question ${index}` }));
    return `${lines.join("\n")}\n`;
}
