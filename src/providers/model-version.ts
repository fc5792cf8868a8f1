/** A date inside a model id: `gpt-4o-2024-08-06`, `claude-3-5-sonnet-20241022`, `mistral-large@2407` is not one. */
const datedModelId = /(?:^|[-_@:./])(?:20\d{2}-\d{2}-\d{2}|20\d{6})(?=$|[-_@:./])/;

/**
 * The model version an upstream reports for an answer: the model id it answered with when that id is
 * dated (an alias such as `gpt-4o` resolves to a dated snapshot), and its backend fingerprint
 * (`system_fingerprint`), space-separated; undefined when it reports neither.
 */
export function reportedModelVersion(answeredBy: string | null | undefined, fingerprint: string | null | undefined): string | undefined {
  const parts: string[] = [];
  if (answeredBy && datedModelId.test(answeredBy)) parts.push(answeredBy);
  if (fingerprint) parts.push(fingerprint);
  return parts.length > 0 ? parts.join(" ") : undefined;
}
