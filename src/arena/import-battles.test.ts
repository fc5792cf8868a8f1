import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isTuneopsError } from "../spec/errors.js";
import { readBattlesFile } from "./import-battles.js";

async function file(content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "tuneops-import-"));
  const path = join(dir, "battles.jsonl");
  await writeFile(path, content);
  return path;
}

describe("readBattlesFile", () => {
  it("reads tuneops and Chatbot Arena lines, skipping blank ones", async () => {
    const path = await file(
      [
        JSON.stringify({ a: "x", b: "y", winner: "a", judge: "gpt-4", case: "c1" }),
        "",
        JSON.stringify({ a: "x", b: "y", winner: "tie" }),
        JSON.stringify({ model_a: "y", model_b: "x", winner: "tie (bothbad)", judge: "arena", question_id: 7 }),
        JSON.stringify({ model_a: "y", model_b: "x", winner: "model_b" }),
      ].join("\n"),
    );
    const battles = await readBattlesFile(path, { now: () => 5 });
    expect(battles.map((battle) => [battle.modelA, battle.modelB, battle.winner, battle.judge, battle.caseId])).toEqual([
      ["x", "y", "a", "gpt-4", "c1"],
      ["x", "y", "tie", "imported", null],
      ["y", "x", "tie", "arena", "7"],
      ["y", "x", "b", "imported", null],
    ]);
    expect(battles.every((battle) => battle.source === "import" && battle.createdAt === 5 && battle.shownFirst === null)).toBe(true);
  });

  it("stores lines judged by human or human:<name> as human votes", async () => {
    const path = await file([JSON.stringify({ a: "x", b: "y", winner: "a", judge: "human:ann" }), JSON.stringify({ a: "x", b: "y", winner: "a", judge: "human" })].join("\n"));
    const battles = await readBattlesFile(path);
    expect(battles.map((battle) => [battle.source, battle.judge])).toEqual([
      ["human", "ann"],
      ["human", "human"],
    ]);
  });

  it("names every bad line as file:line, imports nothing, and says what is wrong", async () => {
    const path = await file(
      [JSON.stringify({ a: "x", b: "y", winner: "a" }), "{not json", JSON.stringify({ a: "x", b: "y", winner: "left" }), JSON.stringify({ a: "x", b: "x", winner: "a" }), JSON.stringify({ b: "y", winner: "a" })].join("\n"),
    );
    const failure = await readBattlesFile(path).catch((error: unknown) => error);
    expect(isTuneopsError(failure) && failure.code).toBe("input_invalid");
    const message = (failure as Error).message;
    expect(message).toContain("4 bad lines");
    expect(message).toContain(`${path}:2: not valid JSON`);
    expect(message).toContain(`${path}:3: winner`);
    expect(message).toContain(`${path}:4: b: a and b name the same model`);
    expect(message).toContain(`${path}:5: a`);
    expect(isTuneopsError(failure) && failure.location).toEqual({ file: path, line: 2 });
  });

  it("reports a missing file, or a folder given as the file, as not found", async () => {
    for (const path of ["/nonexistent/battles.jsonl", tmpdir()]) {
      const failure = await readBattlesFile(path).catch((error: unknown) => error);
      expect(isTuneopsError(failure) && failure.code).toBe("not_found");
    }
  });
});
