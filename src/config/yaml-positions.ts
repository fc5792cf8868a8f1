import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";

/** A 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** Where a path of a parsed YAML document lives, as far as the document has it. */
export interface PathLocation {
  /** The value at the path, or at the deepest ancestor the document has. */
  node: Node | undefined;
  /** The key node that holds `node` in its mapping, when there is one. */
  keyNode: Node | undefined;
  /** Whether the whole path exists in the document. */
  complete: boolean;
}

type PathSegment = string | number;

function resolveAlias(node: unknown, document: Document): unknown {
  return isAlias(node) ? node.resolve(document) : node;
}

/** Walks a document along a path of keys and indexes, stopping at the first segment it lacks. */
export function locatePath(document: Document, path: readonly PathSegment[]): PathLocation {
  let node = resolveAlias(document.contents, document);
  let keyNode: Node | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => {
        const key = item.key;
        return String(isScalar(key) ? key.value : key) === String(segment);
      });
      if (!pair) return { node: asNode(node), keyNode, complete: false };
      keyNode = asNode(pair.key);
      node = resolveAlias(pair.value, document);
      if (node === null || node === undefined) return { node: undefined, keyNode, complete: true };
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (item === undefined) return { node: asNode(node), keyNode, complete: false };
      keyNode = undefined;
      node = resolveAlias(item, document);
    } else {
      return { node: asNode(node), keyNode, complete: false };
    }
  }
  return { node: asNode(node), keyNode, complete: true };
}

function asNode(value: unknown): Node | undefined {
  return isMap(value) || isSeq(value) || isScalar(value) || isAlias(value) ? value : undefined;
}

/** The position of a node's first character. */
export function nodePosition(node: Node | undefined, lineCounter: LineCounter): Position | undefined {
  const offset = node?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** The position of the key that holds the value at `path` (`model:` in `model: 3`). */
export function keyPosition(options: { document: Document; lineCounter: LineCounter; path: readonly PathSegment[] }): Position | undefined {
  const location = locatePath(options.document, options.path);
  if (!location.complete) return undefined;
  return nodePosition(location.keyNode, options.lineCounter);
}

/**
 * Where to point for a problem at `path`: the value itself when the document has it (an empty value,
 * a mapping or a list points at its key); otherwise the key line of the deepest ancestor that exists, so a missing
 * required field points at the object that should hold it. Falls back to the top of the file.
 */
export function pathPosition(options: { document: Document; lineCounter: LineCounter; path: readonly PathSegment[] }): Position {
  const { document, lineCounter, path } = options;
  const location = locatePath(document, path);
  if (location.complete) {
    // A block mapping or list starts on the line after its key; the key is where the eye looks.
    if (location.keyNode && (isMap(location.node) || isSeq(location.node))) return nodePosition(location.keyNode, lineCounter) ?? { line: 1, column: 1 };
    return nodePosition(location.node, lineCounter) ?? nodePosition(location.keyNode, lineCounter) ?? { line: 1, column: 1 };
  }
  return nodePosition(location.keyNode, lineCounter) ?? nodePosition(location.node, lineCounter) ?? { line: 1, column: 1 };
}
