import { describe, expect, it } from "vitest";
import { errorFromHttpStatus, errorFromTransport, upstreamErrorMessage } from "./provider-errors.js";

const context = { provider: "Test server", url: "http://127.0.0.1:9/v1/chat/completions", apiKeyEnv: "TEST_KEY", secrets: ["sk-secret-1"] };

describe("errorFromHttpStatus", () => {
  it.each([
    [401, "provider_auth", false],
    [403, "provider_auth", false],
    [400, "provider_bad_request", false],
    [404, "provider_bad_request", false],
    [422, "provider_bad_request", false],
    [408, "provider_timeout", true],
    [409, "provider_rate_limited", true],
    [429, "provider_rate_limited", true],
    [500, "provider_unavailable", true],
    [502, "provider_unavailable", true],
    [529, "provider_unavailable", true],
  ] as const)("maps HTTP %i to %s (retryable: %s)", (status, code, retryable) => {
    const error = errorFromHttpStatus({ status, headers: { "retry-after": "3" }, bodyText: '{"error":{"message":"nope"}}', context });
    expect(error.code).toBe(code);
    expect(error.isRetryable).toBe(retryable);
    expect(error.statusCode).toBe(status);
    expect(error.location?.url).toBe(context.url);
    expect(error.message).toBe(`Test server POST ${context.url} returned HTTP ${status}: nope`);
    if (retryable) expect(error.retryAfterMs).toBe(3000);
  });

  it("hints at the key variable on auth errors and redacts the key from upstream text", () => {
    const error = errorFromHttpStatus({ status: 401, headers: {}, bodyText: '{"error":{"message":"bad key sk-secret-1"}}', context });
    expect(error.hint).toContain("TEST_KEY");
    expect(error.message).not.toContain("sk-secret-1");
  });
});

describe("upstreamErrorMessage", () => {
  it("reads the error shapes compatible servers use, else the trimmed text", () => {
    expect(upstreamErrorMessage('{"error":{"message":"a"}}')).toBe("a");
    expect(upstreamErrorMessage('{"type":"error","error":{"type":"x","message":"b"}}')).toBe("b");
    expect(upstreamErrorMessage('{"error":"model not found"}')).toBe("model not found");
    expect(upstreamErrorMessage('{"message":"c"}')).toBe("c");
    expect(upstreamErrorMessage("<html>\n  Bad Gateway\n</html>")).toBe("<html> Bad Gateway </html>");
    expect(upstreamErrorMessage("x".repeat(900))).toHaveLength(503);
  });
});

describe("errorFromTransport", () => {
  const classify = (error: unknown, phase: "request" | "body", signal?: AbortSignal) => errorFromTransport({ error, context, phase, signal, timeoutMs: 1000 });

  it("maps timeouts, refusals, cuts and aborts", () => {
    expect(classify(Object.assign(new Error("Headers Timeout Error"), { code: "UND_ERR_HEADERS_TIMEOUT" }), "request")).toMatchObject({ code: "provider_timeout", isRetryable: true });
    expect(classify(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), "request")).toMatchObject({ code: "provider_unavailable", isRetryable: true });
    expect(classify(Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }), "body")).toMatchObject({ code: "provider_stream_interrupted", isRetryable: true });
    const controller = new AbortController();
    controller.abort();
    expect(classify(new Error("whatever"), "body", controller.signal)).toMatchObject({ code: "aborted", isRetryable: false });
    expect(classify(Object.assign(new Error("aborted"), { name: "AbortError" }), "request")).toMatchObject({ code: "aborted" });
  });
});
