import { describe, expect, it } from "vitest";
import { TuneopsError } from "../../spec/errors.js";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { createJavascriptScorer } from "./javascript.js";

function scorerFor(expression: string) {
  return createJavascriptScorer({ type: "javascript", expression, weight: 1 }, factoryOptions("js"));
}

async function failure(promise: unknown): Promise<TuneopsError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TuneopsError);
    expect((error as TuneopsError).code).toBe("scorer_failed");
    return error as TuneopsError;
  }
  throw new Error("expected the scorer to fail the case");
}

describe("javascript", () => {
  it("turns booleans into 1/0 and passes numbers through", async () => {
    expect(await scorerFor("output.includes(expected)").score(scoreInput("hello world", "world"))).toEqual({ score: 1 });
    expect(await scorerFor("output.length > 100").score(scoreInput("short"))).toMatchObject({ score: 0 });
    expect(await scorerFor("Math.min(1, output.length / 10)").score(scoreInput("abcde"))).toEqual({ score: 0.5 });
  });

  it("sees the case's fields as vars", async () => {
    const scorer = scorerFor("vars.tags.includes(output.trim()) && expected.n === 2");
    expect(await scorer.score(scoreInput(" b ", { n: 2 }, { tags: ["a", "b"] }))).toEqual({ score: 1 });
  });

  it("cannot change the case or the built-ins", async () => {
    const vars = { list: [1] };
    const mutate = scorerFor("(vars.list.push(2), vars.list.length === 2)");
    expect(await mutate.score(scoreInput("x", null, vars))).toEqual({ score: 1 });
    expect(vars.list).toEqual([1]);
    expect((await failure(scorerFor("(String.prototype.evil = 1, true)").score(scoreInput("x")))).message).toMatch(/threw/);
    expect(await scorerFor("typeof ''.evil === 'undefined'").score(scoreInput("x"))).toEqual({ score: 1 });
  });

  it("has no access to Node", async () => {
    expect(await scorerFor("typeof require === 'undefined' && typeof process === 'undefined' && typeof setTimeout === 'undefined'").score(scoreInput("x"))).toEqual({ score: 1 });
  });

  it("fails the case for other results, throws and endless loops", async () => {
    expect((await failure(scorerFor("'yes'").score(scoreInput("x")))).message).toMatch(/returned string/);
    expect((await failure(scorerFor("NaN").score(scoreInput("x")))).message).toMatch(/returned NaN/);
    expect((await failure(scorerFor("output.nope.deeper").score(scoreInput("x")))).message).toMatch(/threw on case case-1/);
    const loop = scorerFor("(() => { for (;;) {} })()");
    expect((await failure(loop.score(scoreInput("x")))).message).toMatch(/longer than 100 ms/);
    // The same scorer goes on with the next case.
    const sometimes = scorerFor("output === 'loop' ? (() => { for (;;) {} })() : true");
    await failure(sometimes.score(scoreInput("loop")));
    expect(await sometimes.score(scoreInput("fine"))).toEqual({ score: 1 });
  });

  // Each of these ran past the limit on the old in-process evaluation (the host read the thrown object's
  // message, or ran the promise jobs, outside node:vm's timeout, and blocked the run and its SIGTERM).
  it("stops a thrown object whose message getter loops", async () => {
    const scorer = scorerFor("(() => { throw { get message() { for (;;) {} } }; })()");
    expect((await failure(scorer.score(scoreInput("x")))).message).toMatch(/threw on case case-1: \(its message did not finish within the time limit\)/);
  });

  it("stops a thrown object whose getters loop in a way the thread cannot answer from", async () => {
    // toString on a proxy whose every trap loops: reading it in any way never returns.
    const scorer = scorerFor("(() => { throw new Proxy({}, { has() { for (;;) {} }, get() { for (;;) {} } }); })()");
    const error = await failure(scorer.score(scoreInput("x")));
    expect(error.message).toMatch(/threw on case case-1|longer than 100 ms/);
    expect(await scorerFor("true").score(scoreInput("x"))).toEqual({ score: 1 });
  });

  it("stops promise loops at the limit", async () => {
    const scorer = scorerFor("(() => { const spin = () => Promise.resolve().then(spin); spin(); return true; })()");
    expect((await failure(scorer.score(scoreInput("x")))).message).toMatch(/longer than 100 ms/);
    const asyncLoop = scorerFor("(async () => { for (;;) await null; })() && true");
    expect((await failure(asyncLoop.score(scoreInput("x")))).message).toMatch(/longer than 100 ms/);
  });

  it("rejects an expression that does not compile, at creation", () => {
    expect(() => scorerFor("output.includes(")).toThrow(/scorer "js": the expression does not compile/);
  });
});
