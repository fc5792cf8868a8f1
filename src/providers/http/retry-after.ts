/** Header values as undici returns them (lower-case names). */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * How long an upstream asked us to wait, in ms: `retry-after-ms` (OpenAI, Azure; milliseconds) wins
 * over `retry-after` (RFC 9110: delay in seconds, or an HTTP-date). Undefined when absent or unreadable.
 */
export function parseRetryAfterMs(headers: ResponseHeaders, nowMs: number = Date.now()): number | undefined {
  const milliseconds = headerValue(headers, "retry-after-ms");
  if (milliseconds !== undefined) {
    const value = Number(milliseconds);
    if (Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const retryAfter = headerValue(headers, "retry-after")?.trim();
  if (retryAfter === undefined || retryAfter === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
