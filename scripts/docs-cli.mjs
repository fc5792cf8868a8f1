#!/usr/bin/env node
// Writes docs/cli.md from the commands' own --help (`npm run docs:cli`, after `npm run build`).
import { writeFile } from "node:fs/promises";

const { renderCliReference } = await import("../dist/cli/cli-reference.js");
const target = new URL("../docs/cli.md", import.meta.url);
await writeFile(target, await renderCliReference());
console.log(`wrote ${target.pathname}`);
