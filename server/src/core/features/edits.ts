/**
 * Small, style-preserving YAML text edits for quick fixes: replace a value, remove a mapping
 * entry (a whole line in block style, the entry and its comma in flow style), and insert an entry
 * at the start of a mapping or a list. Edits are spans of the original text and new text.
 */
import type { Span } from '../model';

export interface TextEdit {
  readonly file: string;
  readonly span: Span;
  readonly newText: string;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndOf(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
}

/** The column of an offset, in characters from its line start. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** The span to delete to remove the entry `key: value` whose key and value spans are given. */
export function removeEntrySpan(text: string, keySpan: Span, valueSpan: Span): Span {
  const end = Math.max(keySpan.end, valueSpan.end);
  const lineStart = lineStartOf(text, keySpan.start);
  const before = text.slice(lineStart, keySpan.start);
  const afterOnLine = text.slice(end, lineEndOf(text, end));
  const restIsEmpty = /^\s*(#.*)?$/.test(afterOnLine);
  if (/^\s*$/.test(before) && restIsEmpty) {
    // Block style, alone on its line: delete the line.
    const lineEnd = lineEndOf(text, end);
    return { start: lineStart, end: Math.min(text.length, lineEnd + 1) };
  }
  if (/^\s*-\s+$/.test(before) && restIsEmpty) {
    // First entry of a list item: pull the item's next line up behind the dash.
    const nextLineStart = lineEndOf(text, end) + 1;
    const nextContent = text.slice(nextLineStart).search(/\S/);
    if (nextContent !== -1 && nextLineStart < text.length) return { start: keySpan.start, end: nextLineStart + nextContent };
    return { start: keySpan.start, end };
  }
  // Flow style: take the comma after the entry, or else the one before it.
  const after = /^\s*,\s*/.exec(text.slice(end));
  if (after) return { start: keySpan.start, end: end + after[0].length };
  const preceding = /,\s*$/.exec(text.slice(0, keySpan.start));
  if (preceding) return { start: keySpan.start - preceding[0].length, end };
  return { start: keySpan.start, end };
}

/** An edit inserting `entry` (such as `name: http`) as the first entry of the mapping at `mapSpan`. */
export function insertEntry(file: string, text: string, mapSpan: Span, entry: string): TextEdit {
  if (text[mapSpan.start] === '{') {
    const empty = /^\{\s*\}/.test(text.slice(mapSpan.start));
    return { file, span: { start: mapSpan.start + 1, end: mapSpan.start + 1 }, newText: empty ? entry : `${entry}, ` };
  }
  const indent = ' '.repeat(columnOf(text, mapSpan.start));
  return { file, span: { start: mapSpan.start, end: mapSpan.start }, newText: `${entry}\n${indent}` };
}

/** An edit inserting `item` (flow text such as `{name: grpc, containerPort: 50051}`) first in the list at `seqSpan`. */
export function insertListItem(file: string, text: string, seqSpan: Span, item: string): TextEdit {
  if (text[seqSpan.start] === '[') {
    const empty = /^\[\s*\]/.test(text.slice(seqSpan.start));
    return { file, span: { start: seqSpan.start + 1, end: seqSpan.start + 1 }, newText: empty ? item : `${item}, ` };
  }
  const indent = ' '.repeat(columnOf(text, seqSpan.start));
  return { file, span: { start: seqSpan.start, end: seqSpan.start }, newText: `- ${item}\n${indent}` };
}
