/**
 * What is at an offset of a manifest: the object, the field path (`spec.ports[0].targetPort`),
 * and whether the offset is on a key or a value. Works on the parsed tree, and falls back to the
 * indentation of the lines above when the cursor is where no node is yet (a new line under
 * `selector:`), so completion works while a manifest is being typed.
 */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { Span } from '../model';
import type { IndexedObject } from '../routing';
import type { WorkspaceIndex } from '../workspace';

export type Segment = string | number;

export interface Location {
  readonly object: IndexedObject;
  readonly segments: readonly Segment[];
  readonly on: 'key' | 'value';
  /** The key or value under the offset, or an empty span where a new one would be typed. */
  readonly span: Span;
  /** The value node when on a value that exists. */
  readonly node?: Node;
}

/** `spec.ports[0].targetPort` from segments. */
export function pathOf(segments: readonly Segment[]): string {
  let path = '';
  for (const segment of segments) path += typeof segment === 'number' ? `[${segment}]` : path === '' ? segment : `.${segment}`;
  return path;
}

/** Matches a path against a pattern where `*` stands for any list index: `spec.ports[*].targetPort`. */
export function pathMatches(segments: readonly Segment[], pattern: string): boolean {
  return pathOf(segments).replace(/\[\d+\]/g, '[*]') === pattern;
}

export function locateAt(index: WorkspaceIndex, file: string, offset: number): Location | undefined {
  const text = index.source(file)?.text ?? '';
  // The object a cursor is in: the last one starting before it (a new line after an object's
  // last key is still that object's).
  const object = index
    .objects(file)
    .filter((candidate) => candidate.object.span.start <= offset && !hasDocumentStartBetween(text, candidate.object.span.end, offset))
    .pop();
  if (!object) return undefined;
  return locateInNode(object, object.object.root, [], offset, text) ?? locateByIndentation(object, text, offset);
}

function hasDocumentStartBetween(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  return /(^|\n)---/.test(text.slice(from, to));
}

function locateInNode(object: IndexedObject, node: unknown, segments: Segment[], offset: number, text: string): Location | undefined {
  const resolved = object.object.view.deref(node);
  if (isMap(resolved)) {
    for (const item of resolved.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const keySpan = object.object.view.span(item.key);
      const key = String(item.key.value);
      if (offset >= keySpan.start && offset <= keySpan.end) return { object, segments: [...segments, key], on: 'key', span: keySpan };
      const value = item.value as Node | null;
      if (value === null || (isScalar(value) && value.value === null && !value.range?.[1])) {
        // `key:` with nothing after it yet: the rest of the key's line is where its value goes.
        const lineEnd = text.indexOf('\n', keySpan.end);
        const end = lineEnd === -1 ? text.length : lineEnd;
        if (offset > keySpan.end && offset <= end) return { object, segments: [...segments, key], on: 'value', span: { start: offset, end: offset } };
        continue;
      }
      const valueSpan = object.object.view.span(value);
      if (offset >= valueSpan.start && offset <= valueSpan.end) {
        const inner = locateInNode(object, value, [...segments, key], offset, text);
        if (inner) return inner;
        if (isScalar(value) || isScalar(object.object.view.deref(value))) return { object, segments: [...segments, key], on: 'value', span: valueSpan, node: value };
      }
    }
    return undefined;
  }
  if (isSeq(resolved)) {
    for (let position = 0; position < resolved.items.length; position++) {
      const item = resolved.items[position] as Node | null;
      if (!item) continue;
      const span = object.object.view.span(item);
      if (offset >= span.start && offset <= span.end) {
        const inner = locateInNode(object, item, [...segments, position], offset, text);
        if (inner) return inner;
        if (isScalar(item)) return { object, segments: [...segments, position], on: 'value', span, node: item };
      }
    }
  }
  return undefined;
}

/**
 * The path of the mapping a cursor on an otherwise empty spot belongs to, read from the lines
 * above: a less indented `key:` with nothing after it opens a parent mapping, and a less indented
 * `- ` opens a list item (index -1: unknown). The cursor is taken to be on a key.
 */
function locateByIndentation(object: IndexedObject, text: string, offset: number): Location | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (!/^\s*[-\w./]*$/.test(before)) return undefined;
  const typed = before.trimStart();
  let indent = before.length - typed.length;
  const segments: Segment[] = [];
  let cursor = lineStart - 1;
  while (cursor > object.object.span.start && indent > 0) {
    const start = text.lastIndexOf('\n', cursor - 1) + 1;
    const line = text.slice(start, cursor).replace(/\r$/, '');
    cursor = start - 1;
    const match = /^(\s*)(-\s+)?(?:([^\s:#'"{[][^:#]*?):(?:\s+(.*))?)?\s*$/.exec(line);
    if (line.trim() === '' || line.trimStart().startsWith('#') || !match) continue;
    const lineIndent = match[1].length;
    if (lineIndent >= indent) continue;
    const keyIndent = lineIndent + (match[2]?.length ?? 0);
    const opensMapping = match[3] !== undefined && (match[4] === undefined || match[4].trim() === '' || match[4].trim().startsWith('#'));
    if (opensMapping && keyIndent < indent) segments.unshift(match[3].trim());
    else if (!match[2]) continue;
    if (match[2]) segments.unshift(-1);
    indent = lineIndent;
  }
  if (segments.length === 0) return undefined;
  return { object, segments, on: 'key', span: { start: offset - typed.length, end: offset } };
}
