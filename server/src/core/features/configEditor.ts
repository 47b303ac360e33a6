/**
 * The project configuration (.k8s-route.yaml) in the editor, served by our own language server:
 * hover on a key says what it means (from the same field table the file is checked with),
 * completion offers the keys a mapping may hold, enum values, and rule codes for disabledRules.
 * Line-based, so it also works on a half-typed file that does not parse.
 */
import { configFields } from '../config';
import type { ConfigField } from '../config';
import type { Span } from '../model';
import { ruleCatalog } from '../rules/catalog';
import type { CompletionItem } from './completion';

interface Line {
  readonly start: number;
  readonly text: string;
  readonly indent: number;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    lines.push({ start, text: line, indent: /^ */.exec(line)![0].length });
    start += line.length + 1;
  }
  return lines;
}

/** The keys from the root to the mapping a line at this indentation belongs to (list items count as their key's). */
function parentKeys(lines: readonly Line[], index: number, indent: number): string[] {
  const keys: string[] = [];
  let limit = indent;
  for (let position = index - 1; position >= 0 && limit > 0; position--) {
    const line = lines[position];
    if (line.text.trim() === '' || line.text.trim().startsWith('#')) continue;
    const key = /^( *)(?:- )?([\w.\/-]+):/.exec(line.text);
    if (key && key[1].length < limit) {
      keys.unshift(key[2]);
      limit = key[1].length;
    }
  }
  return keys;
}

/** The field a path of keys names; free keys (chart folders) take their table's field. */
function fieldAt(keys: readonly string[]): ConfigField | undefined {
  let container: ConfigField | undefined;
  let field: ConfigField | undefined;
  for (const [position, key] of keys.entries()) {
    field = position === 0 ? configFields[key] : (container?.properties?.[key] ?? container?.additionalProperties);
    if (!field) return undefined;
    container = field.type === 'array' && field.items ? field.items : field;
  }
  return field;
}

function fieldsOf(keys: readonly string[]): Readonly<Record<string, ConfigField>> | undefined {
  if (keys.length === 0) return configFields;
  const field = fieldAt(keys);
  if (!field) return undefined;
  const target = field.type === 'array' && field.items ? field.items : field;
  return target.properties;
}

function describe(field: ConfigField): string {
  const facts: string[] = [];
  if (field.enum) facts.push(`one of ${field.enum.map((value) => `\`${value}\``).join(', ')}`);
  if (field.minimum !== undefined || field.maximum !== undefined) facts.push(`${field.minimum ?? '…'} to ${field.maximum ?? '…'}`);
  return `${field.description}${facts.length > 0 ? ` (${facts.join('; ')})` : ''}`;
}

/** Hover on a key of the configuration. */
export function configHover(text: string, offset: number): { markdown: string; span: Span } | undefined {
  const lines = linesOf(text);
  const index = lines.findIndex((line) => offset >= line.start && offset <= line.start + line.text.length);
  if (index === -1) return undefined;
  const line = lines[index];
  const match = /^( *)(- )?([\w.\/-]+):/.exec(line.text);
  if (!match) return undefined;
  const keyStart = line.start + match[1].length + (match[2]?.length ?? 0);
  if (offset < keyStart || offset > keyStart + match[3].length) return undefined;
  const keys = [...parentKeys(lines, index, match[1].length + (match[2]?.length ?? 0)), match[3]];
  const field = fieldAt(keys);
  if (!field) return undefined;
  return { markdown: `**${keys.join('.')}** (${field.type})\n\n${describe(field)}`, span: { start: keyStart, end: keyStart + match[3].length } };
}

/** Completion in the configuration: keys, enum values, rule codes. */
export function configCompletion(text: string, offset: number): CompletionItem[] {
  const lines = linesOf(text);
  const index = lines.findIndex((line) => offset >= line.start && offset <= line.start + line.text.length);
  if (index === -1) return [];
  const line = lines[index];
  const before = line.text.slice(0, offset - line.start);
  const word = /[\w.\/-]*$/.exec(before)![0];
  const span = { start: offset - word.length, end: offset };
  // A value after `key: `, or an item of a list (`- ` or inside `[`).
  const value = /^( *)(?:- )?([\w.\/-]+):\s*\[?(?:[^\]]*,\s*)?[\w.\/-]*$/.exec(before);
  const item = /^( *)- [\w.\/-]*$/.exec(before);
  const listKey = item ? parentKeys(lines, index, item[1].length + 1).at(-1) : undefined;
  const owner = value ? [...parentKeys(lines, index, value[1].length), value[2]] : item ? parentKeys(lines, index, item[1].length + 1) : undefined;
  if (owner && (value || listKey)) {
    const field = fieldAt(owner);
    const target = field?.type === 'array' && field.items ? field.items : field;
    if (owner.at(-1) === 'disabledRules') {
      return Object.entries(ruleCatalog).map(([code, info], position) => ({ label: code, kind: 'value' as const, detail: `${info.severity} · ${info.summary}`, span, sortText: String(position).padStart(4, '0') }));
    }
    if (target?.enum) return target.enum.map((option, position) => ({ label: option, kind: 'enum' as const, detail: field!.description, span, sortText: String(position).padStart(3, '0') }));
    if (target?.type === 'boolean') return ['true', 'false'].map((option) => ({ label: option, kind: 'enum' as const, detail: field!.description, span }));
    return [];
  }
  // A key: those of the mapping this indentation belongs to, not yet written there.
  if (!/^ *(- )?[\w.\/-]*$/.test(before)) return [];
  const indent = /^ */.exec(before)![0].length + (/^ *- /.test(before) ? 2 : 0);
  const keys = parentKeys(lines, index, indent);
  const fields = fieldsOf(keys);
  if (!fields) return [];
  const present = new Set<string>();
  for (let position = 0; position < lines.length; position++) {
    if (position === index) continue;
    const key = /^( *)([\w.\/-]+):/.exec(lines[position].text);
    if (key && key[1].length === indent && parentKeys(lines, position, indent).join('.') === keys.join('.')) present.add(key[2]);
  }
  return Object.entries(fields)
    .filter(([key]) => !present.has(key))
    .map(([key, field], position) => ({ label: key, kind: 'key' as const, detail: describe(field), insertText: `${key}: `, span, sortText: String(position).padStart(3, '0') }));
}
