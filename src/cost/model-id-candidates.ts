/** A release date at the end of a model id: `-2024-07-18` (OpenAI), `-20250514` (Anthropic), `@20240620` (Vertex). */
const datedSuffix = /[-@](?:\d{4}-\d{2}-\d{2}|\d{8})$/;

/**
 * The ids to try, in order, when looking a model up in a price table: the id itself, without its dated
 * suffix, then the part after a `provider/` prefix (and that without its date). Duplicates removed.
 */
export function modelIdCandidates(modelId: string): string[] {
  const candidates = [modelId, modelId.replace(datedSuffix, "")];
  const slash = modelId.indexOf("/");
  if (slash > 0 && slash < modelId.length - 1) {
    const unprefixed = modelId.slice(slash + 1);
    candidates.push(unprefixed, unprefixed.replace(datedSuffix, ""));
  }
  return [...new Set(candidates)];
}
