/**
 * Uniform numbers in [0, 1) decided by a hash of the parts, so the same seed and case always draw the
 * same numbers, in any process and any call order. FNV-1a over the UTF-16 code units, finished with
 * murmur3's avalanche so that nearby keys ("case-1", "case-2") are not correlated.
 */
export function deterministicUniform(parts: ReadonlyArray<string | number>): number {
  const text = parts.join("\u0000");
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 0x1_0000_0000;
}
