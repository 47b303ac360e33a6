/**
 * Read-only access to parsed YAML nodes as Kubernetes would decode them: aliases are followed,
 * `<<` merge keys contribute their entries, and every value keeps its source span.
 * It never converts whole documents to JavaScript values, so an alias bomb is never expanded.
 */
import { isAlias, isMap, isScalar, isSeq, isPair, visit } from 'yaml';
import type { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Span } from './model';

/** Aliases resolved per document with a table built once, so each lookup is cheap. */
export class AnchorTable {
  private readonly anchors = new Map<string, { offset: number; node: Node }[]>();

  constructor(document: Document) {
    visit(document, {
      Node: (_key, node) => {
        const anchor = (node as { anchor?: string }).anchor;
        if (anchor && node.range) {
          const list = this.anchors.get(anchor) ?? [];
          list.push({ offset: node.range[0], node });
          this.anchors.set(anchor, list);
        }
      },
    });
  }

  /** The node an alias at `offset` named `name` refers to: the last anchor of that name before it. */
  resolve(name: string, offset: number): Node | undefined {
    const list = this.anchors.get(name);
    if (!list) return undefined;
    let found: Node | undefined;
    for (const entry of list) {
      if (entry.offset < offset) found = entry.node;
      else break;
    }
    return found;
  }
}

/**
 * A view of one YAML document: the document, how to follow its aliases, and where it sits in its
 * file. Documents are parsed on their own (so an edit re-parses only its document), so node ranges
 * are relative to the document's text and `base` turns them into file offsets.
 */
export class DocumentView {
  private anchorTable: AnchorTable | undefined;

  constructor(
    readonly document: Document,
    readonly base = 0,
  ) {}

  /** A node's span in file offsets. */
  span(node: { range?: [number, number, number] | null } | null | undefined): Span {
    const relative = spanOf(node);
    return { start: relative.start + this.base, end: relative.end + this.base };
  }

  /** Follows an alias to its anchored node; other nodes are returned unchanged. */
  deref(node: unknown): Node | null {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      this.anchorTable ??= new AnchorTable(this.document);
      const offset = node.range ? node.range[0] : Number.MAX_SAFE_INTEGER;
      return this.anchorTable.resolve(node.source, offset) ?? null;
    }
    return node as Node;
  }

  /**
   * The entries of a mapping as a decoder sees them: explicit keys first, then keys brought in
   * by `<<` merge keys that the mapping does not set itself. Keys that are not scalars are skipped.
   */
  entries(map: YAMLMap): Entry[] {
    const result: Entry[] = [];
    const seen = new Set<string>();
    this.collectEntries(map, result, seen, 0, map);
    return result;
  }

  /** The entry for `key`, or undefined. */
  get(map: YAMLMap, key: string): Entry | undefined {
    return this.findEntry(map, key, 0, map);
  }

  private findEntry(map: YAMLMap, key: string, depth: number, origin: YAMLMap): Entry | undefined {
    const merges: unknown[] = [];
    let found: Pair | undefined;
    for (const item of map.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      if (isMergeKey(item.key)) merges.push(item.value);
      // A repeated key is a warning elsewhere; like the Kubernetes decoder, the later value wins.
      else if (keyText(item.key) === key) found = item;
    }
    if (found) return this.toEntry(found, origin === map ? undefined : origin);
    if (depth >= maxMergeDepth) return undefined;
    for (const source of merges) {
      for (const merged of this.mergeSources(source)) {
        const entry = this.findEntry(merged, key, depth + 1, origin);
        if (entry) return entry;
      }
    }
    return undefined;
  }

  private collectEntries(map: YAMLMap, result: Entry[], seen: Set<string>, depth: number, origin: YAMLMap): void {
    const merges: unknown[] = [];
    const own = new Map<string, Pair>();
    for (const item of map.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      if (isMergeKey(item.key)) merges.push(item.value);
      else own.set(keyText(item.key), item);
    }
    for (const [text, pair] of own) {
      if (seen.has(text)) continue;
      seen.add(text);
      result.push(this.toEntry(pair, origin === map ? undefined : origin));
    }
    if (depth >= maxMergeDepth) return;
    for (const source of merges) {
      for (const merged of this.mergeSources(source)) this.collectEntries(merged, result, seen, depth + 1, origin);
    }
  }

  private toEntry(pair: Pair, mergedInto: YAMLMap | undefined): Entry {
    const keyNode = pair.key as Scalar;
    const value = (pair.value ?? null) as Node | null;
    const keySpan = mergedInto ? this.span(mergeKeyNode(mergedInto)) : this.span(keyNode);
    return { key: keyText(keyNode), keyNode, value, keySpan, merged: mergedInto !== undefined };
  }

  private mergeSources(value: unknown): YAMLMap[] {
    const node = this.deref(value);
    if (isMap(node)) return [node];
    if (isSeq(node)) {
      return node.items.map((item) => this.deref(item)).filter((item): item is YAMLMap => isMap(item));
    }
    return [];
  }
}

const maxMergeDepth = 8;

/** One key/value of a mapping. `value` is the raw node (possibly an alias); use DocumentView.deref. */
export interface Entry {
  readonly key: string;
  readonly keyNode: Scalar;
  readonly value: Node | null;
  /** Where to point at the entry: the key, or the `<<` key of the mapping that merged it in. */
  readonly keySpan: Span;
  /** True when the entry came in through a `<<` merge key rather than being written here. */
  readonly merged: boolean;
}

/** The `<<` key of a mapping that merges others in, for pointing at merged values. */
function mergeKeyNode(map: YAMLMap): Node {
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && isMergeKey(item.key)) return item.key;
  }
  return map;
}

function isMergeKey(key: Scalar): boolean {
  return typeof key.value === 'symbol' || (key.source === '<<' && key.type === 'PLAIN');
}

/** Keys set more than once in one mapping: the earlier pair and the one that overrides it. */
export function findDuplicateKeys(document: Document): Array<{ key: string; first: Scalar; repeated: Scalar }> {
  const duplicates: Array<{ key: string; first: Scalar; repeated: Scalar }> = [];
  // An explicit stack rather than recursion or yaml's visit: cheaper, and deep nesting cannot overflow.
  const stack: unknown[] = [document.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Map<string, Scalar>();
      for (const item of node.items) {
        if (!isPair(item)) continue;
        stack.push(item.value);
        if (!isScalar(item.key)) {
          stack.push(item.key);
          continue;
        }
        if (isMergeKey(item.key)) continue;
        const text = keyText(item.key);
        const first = seen.get(text);
        if (first) duplicates.push({ key: text, first, repeated: item.key });
        else seen.set(text, item.key);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return duplicates;
}

/** The text of a scalar key as Kubernetes sees it (numbers and booleans become their text). */
export function keyText(key: Scalar): string {
  const value = key.value;
  if (typeof value === 'string') return value;
  if (value === null) return key.source === undefined || key.source === '' ? '' : String(key.source);
  return typeof key.source === 'string' ? key.source : String(value);
}

/** The span of a node's value, without trailing comments. */
export function spanOf(node: { range?: [number, number, number] | null } | null | undefined): Span {
  const range = node?.range;
  if (!range) return { start: 0, end: 0 };
  return { start: range[0], end: Math.max(range[0], range[1]) };
}

export type { Node, Scalar, YAMLMap, YAMLSeq };
export { isAlias, isMap, isScalar, isSeq };
