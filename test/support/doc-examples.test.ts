import { describe, expect, it } from "vitest";
import { DocConventionError, findMismatch, parseDocExamples } from "./doc-examples.js";

describe("parseDocExamples", () => {
  it("reads sh blocks line by line, console blocks with their output, setups and directives", () => {
    const page = [
      "<!-- doctest-setup",
      "doctest-var RUN_ID 123",
      "-->",
      "```sh",
      "# a comment",
      "npx tuneops eval --limit 2   # trailing comment",
      "tuneops score bleu \\",
      "  --output a --expected b",
      "```",
      "<!-- doctest: exit=1 -->",
      "```console",
      "$ tuneops runs show RUN_ID",
      "line 1",
      "...",
      "```",
      "```text",
      "$ npx tuneops runs list",
      "```",
    ].join("\n");
    const blocks = parseDocExamples("page.md", page);
    expect(blocks.map((block) => block.kind)).toEqual(["setup", "commands", "commands", "commands"]);
    const [setup, shell, console, text] = blocks;
    expect(setup).toMatchObject({ script: "doctest-var RUN_ID 123" });
    expect(shell).toMatchObject({ commands: [{ command: "tuneops eval --limit 2   # trailing comment", line: 6 }, { command: "tuneops score bleu --output a --expected b", line: 7 }] });
    expect(console).toMatchObject({ directive: { exit: 1 }, commands: [{ command: "tuneops runs show RUN_ID", expected: ["line 1", "..."] }] });
    expect(text).toMatchObject({ commands: [{ command: "tuneops runs list" }] });
  });

  it("refuses a tuneops command hidden in a block of another kind, and a no-run without a reason", () => {
    expect(() => parseDocExamples("p.md", "```text\ntuneops eval\n```")).toThrow(DocConventionError);
    expect(() => parseDocExamples("p.md", "```yaml\n# run: npx tuneops eval\n```")).not.toThrow();
    expect(() => parseDocExamples("p.md", "<!-- doctest: no-run: -->\n```sh\ntuneops eval\n```")).toThrow(/needs a reason/);
    expect(() => parseDocExamples("p.md", "<!-- doctest: sometimes -->\n```sh\ntuneops eval\n```")).toThrow(/unknown doctest directive/);
  });
});

describe("findMismatch", () => {
  const actual = ["run 20261127-062204-e98f (routing): 250 results", "progress 100% 250/250 1067/s", "a   b", "x", "y", "z"];

  it("accepts the shown lines in order, with volatile figures and spacing ignored", () => {
    expect(findMismatch(["run 20260101-000000-aaaa (routing): 250 results", "progress 100% 250/250 9/s", "a b"], actual)).toBeUndefined();
    expect(findMismatch(["run 20260101-000000-aaaa (routing): 250 results", "...", "y", "z"], actual)).toBeUndefined();
  });

  it("names the first shown line that is missing, out of order or not consecutive", () => {
    expect(findMismatch(["run 20260101-000000-aaaa (routing): 251 results"], actual)).toBe("run <run> (routing): 251 results");
    expect(findMismatch(["...", "z", "y"], actual)).toBe("y");
    expect(findMismatch(["...", "x", "z"], actual)).toBe("z");
    expect(findMismatch(["a b"], actual)).toBe("a b");
  });
});
