/**
 * Small, style-preserving YAML text edits for quick fixes: replace a value, remove a mapping
 * entry (a whole line in block style, the entry and its comma in flow style), and insert an entry
 * at the start of a mapping or a list. Edits are spans of the original text and new text.
 */
import { parse as parseYaml } from 'yaml';
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

/**
 * The same edit for a JSON file. Fixes are written as YAML flow text (`name: http`,
 * `{name: grpc, containerPort: 50051}`, a bare value); JSON needs quoted keys and strings. A value
 * replacing a quoted string stays a string.
 */
export function asJsonEdit(text: string, edit: TextEdit): TextEdit {
  if (edit.newText === '') return edit;
  const suffix = /,\s*$/.exec(edit.newText)?.[0] ?? '';
  const body = edit.newText.slice(0, edit.newText.length - suffix.length);
  let value: unknown;
  try {
    value = parseYaml(body);
  } catch {
    return edit;
  }
  const replacesString = edit.span.end > edit.span.start && text[edit.span.start] === '"';
  let json: string;
  if (replacesString) json = JSON.stringify(body);
  else if (value !== null && typeof value === 'object' && !Array.isArray(value) && !body.trimStart().startsWith('{')) {
    json = Object.entries(value as Record<string, unknown>).map(([key, item]) => `${JSON.stringify(key)}: ${jsonText(item)}`).join(', ');
  } else json = jsonText(value);
  return { ...edit, newText: json + suffix };
}

/** JSON with a space after each colon and comma, as people write it on one line. */
function jsonText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonText).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value as Record<string, unknown>).map(([key, item]) => `${JSON.stringify(key)}: ${jsonText(item)}`).join(', ')}}`;
  return JSON.stringify(value ?? null);
}
