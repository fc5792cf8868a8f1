/** A release date at the end of a model id: `-2024-07-18` (OpenAI), `-20250514` (Anthropic), `@20240620` (Vertex). */
const datedSuffix = /[-@](?:\d{4}-\d{2}-\d{2}|\d{8})$/;

/**
 * The ids to try, in order, when looking a model up in a price table: the id itself, without its dated
 * suffix, then the part after a `provider/` prefix (and that without its date). An OpenAI fine-tuned
 * model id (`ft:BASE:ORG:SUFFIX:JOB`) also tries `ft:BASE` and `ft:BASE` without its date: every job
 * trained from one base model costs the same. Duplicates removed.
 */
export function modelIdCandidates(modelId: string): string[] {
  const candidates = [modelId, modelId.replace(datedSuffix, "")];
  const fineTuned = /^ft:([^:]+):/.exec(modelId);
  if (fineTuned?.[1] !== undefined) candidates.push(`ft:${fineTuned[1]}`, `ft:${fineTuned[1].replace(datedSuffix, "")}`);
  const slash = modelId.indexOf("/");
  if (slash > 0 && slash < modelId.length - 1) {
    const unprefixed = modelId.slice(slash + 1);
    candidates.push(unprefixed, unprefixed.replace(datedSuffix, ""));
  }
  return [...new Set(candidates)];
}
