import { describe, expect, it } from "vitest";
import { TuneopsError } from "../../spec/errors.js";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { createJavascriptScorer } from "./javascript.js";

function scorerFor(expression: string) {
  return createJavascriptScorer({ type: "javascript", expression, weight: 1 }, factoryOptions("js"));
}

describe("javascript", () => {
  it("turns booleans into 1/0 and passes numbers through", () => {
    expect(scorerFor("output.includes(expected)").score(scoreInput("hello world", "world"))).toEqual({ score: 1 });
    expect(scorerFor("output.length > 100").score(scoreInput("short"))).toMatchObject({ score: 0 });
    expect(scorerFor("Math.min(1, output.length / 10)").score(scoreInput("abcde"))).toEqual({ score: 0.5 });
  });

  it("sees the case's fields as vars", () => {
    const scorer = scorerFor("vars.tags.includes(output.trim()) && expected.n === 2");
    expect(scorer.score(scoreInput(" b ", { n: 2 }, { tags: ["a", "b"] }))).toEqual({ score: 1 });
  });

  it("cannot change the case or the built-ins", () => {
    const vars = { list: [1] };
    const mutate = scorerFor("(vars.list.push(2), vars.list.length === 2)");
    expect(mutate.score(scoreInput("x", null, vars))).toEqual({ score: 1 });
    expect(vars.list).toEqual([1]);
    expect(() => scorerFor("(String.prototype.evil = 1, true)").score(scoreInput("x"))).toThrow(/threw/);
    expect(scorerFor("typeof ''.evil === 'undefined'").score(scoreInput("x"))).toEqual({ score: 1 });
  });

  it("has no access to Node", () => {
    expect(scorerFor("typeof require === 'undefined' && typeof process === 'undefined'").score(scoreInput("x"))).toEqual({ score: 1 });
  });

  it("fails the case for other results, throws and endless loops", () => {
    expect(() => scorerFor("'yes'").score(scoreInput("x"))).toThrow(/returned string/);
    expect(() => scorerFor("NaN").score(scoreInput("x"))).toThrow(/returned NaN/);
    expect(() => scorerFor("output.nope.deeper").score(scoreInput("x"))).toThrow(/threw on case case-1/);
    const loop = scorerFor("(() => { for (;;) {} })()");
    let caught: unknown;
    try {
      loop.score(scoreInput("x"));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TuneopsError);
    expect((caught as TuneopsError).code).toBe("scorer_failed");
    expect((caught as TuneopsError).message).toMatch(/longer than 100 ms/);
  });

  it("rejects an expression that does not compile, at creation", () => {
    expect(() => scorerFor("output.includes(")).toThrow(/scorer "js": the expression does not compile/);
  });
});
