/**
 * "Turn off this rule": the edit that adds a rule code to `disabledRules` of a project
 * configuration (.k8s-route.yaml), keeping the file as written — a flow list gets one more item,
 * a block list one more line in its indentation, a file without the key one more key, and a
 * missing file is created with just that key.
 */
import { isMap, isSeq, parseDocument } from 'yaml';
import type { Span } from '../model';

export interface ConfigEdit {
  /** The file does not exist yet: create it with `newText`. */
  readonly create: boolean;
  readonly span: Span;
  readonly newText: string;
}

/** The edit, or undefined when the code is already turned off or the file cannot be read as a mapping. */
export function disableRuleEdit(text: string | undefined, code: string): ConfigEdit | undefined {
  if (text === undefined) return { create: true, span: { start: 0, end: 0 }, newText: `disabledRules: [${code}]\n` };
  const document = parseDocument(text, { keepSourceTokens: false });
  if (document.errors.length > 0) return undefined;
  const root = document.contents;
  if (root !== null && !isMap(root)) return undefined;
  const pair = isMap(root) ? root.items.find((item) => (item.key as { value?: unknown } | null)?.value === 'disabledRules') : undefined;
  const list = pair?.value;
  if (!pair || list === null || list === undefined) {
    const end = text.length;
    const separator = end > 0 && !text.endsWith('\n') ? '\n' : '';
    return { create: false, span: { start: end, end }, newText: `${separator}disabledRules: [${code}]\n` };
  }
  if (!isSeq(list) || !list.range) return undefined;
  if (list.items.some((item) => (item as { value?: unknown }).value === code)) return undefined;
  if (list.flow) {
    // `[a, b]`: before the closing bracket.
    const close = text.lastIndexOf(']', list.range[1]);
    const last = list.items.at(-1) as { range?: [number, number, number] } | undefined;
    const at = last?.range ? last.range[1] : close;
    return { create: false, span: { start: at, end: at }, newText: list.items.length > 0 ? `, ${code}` : code };
  }
  // A block list: a new `- code` line after the last item, in the items' indentation.
  const last = list.items.at(-1) as { range?: [number, number, number] } | undefined;
  const lineStart = text.lastIndexOf('\n', (last?.range?.[0] ?? list.range[0]) - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const lineEnd = text.indexOf('\n', last?.range?.[1] ?? list.range[1]);
  const at = lineEnd === -1 ? text.length : lineEnd + 1;
  return { create: false, span: { start: at, end: at }, newText: `${lineEnd === -1 ? '\n' : ''}${indent}- ${code}\n` };
}
