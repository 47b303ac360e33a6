/**
 * The language server's hover and completion room: on plain files, on the template, patch and
 * base lines of rendered objects (what the line renders to, and the facts of the rendered object),
 * and on .k8s-route.yaml (its keys and values). It reads the repository index and the open
 * documents it is given, and keeps no state of its own.
 */
import type { CompletionItem, Hover } from 'vscode-languageserver';
import { isConfigPath } from '../core/config';
import { completeAt } from '../core/features/completion';
import { configCompletion, configHover } from '../core/features/configEditor';
import type { Locale } from '../core/features/explain';
import { hoverAt } from '../core/features/hover';
import { toCompletionItem, toRange } from './convert';
import { placeAt } from './room';
import type { Room } from './room';

export interface EditingRoom extends Room {
  /** The language of hovers and completion details. */
  locale(): Locale;
  /** An open document's text, or undefined when it is not open. */
  openText(uri: string): string | undefined;
}

export function registerHoverAndCompletion(room: EditingRoom): void {
  const { connection, index, guard, locale } = room;

  function renderedHover(uri: string, offset: number): { markdown: string; span: { start: number; end: number } } | undefined {
    const places = index.renderedAt(uri, offset);
    const [place] = places;
    if (!place) return undefined;
    const result = hoverAt(place.index, place.file, place.offset, locale(), { definitionsElsewhere: (object) => index.definitionsElsewhere(uri, object) });
    if (!result) return undefined;
    const target = index.sourceOf(place.unit.id, result.span);
    // A line inside a `range` renders several values: show them all, as the first unit renders them.
    const values = [...new Set(places.filter((item) => item.unit.id === place.unit.id && item.templated).map((item) => index.source(item.file)?.text.slice(item.span.start, item.span.end).trim() ?? ''))].filter((value) => value !== '');
    const chinese = locale() === 'zh-cn';
    const units = new Set(places.map((item) => item.unit.id)).size;
    const where = units > 1 ? (chinese ? `${place.unit.label}（另有 ${units - 1} 个单元）` : `${place.unit.label} (and ${units - 1} more)`) : place.unit.label;
    const shown = values.map((value) => `\`${value}\``).join(', ');
    const header = values.length > 0 ? (chinese ? `渲染结果 ${shown}，${where}` : `Renders to ${shown} ${where}`) : chinese ? `渲染单元：${where}` : `Rendered ${where}`;
    return { markdown: `*${header}*\n\n${index.mapLinks(place.unit.id, result.markdown)}`, span: target && target.file === uri ? target.span : { start: offset, end: offset } };
  }

  connection.onHover((params, token): Hover | null =>
    guard('hover', null, token, () => {
      const at = placeAt(room, params);
      if (!at) return null;
      const { uri, document, offset } = at;
      // The project configuration: what each key means.
      if (isConfigPath(uri)) {
        const hover = configHover(room.openText(uri) ?? index.source(uri)?.text ?? '', offset);
        return hover ? { contents: { kind: 'markdown', value: hover.markdown }, range: toRange(hover.span, document.lines) } : null;
      }
      const plain = index.plainIndexOf(uri);
      const plainHover = plain ? hoverAt(plain, uri, offset, locale(), { definitionsElsewhere: (object) => index.definitionsElsewhere(uri, object) }) : undefined;
      const result = plain ? plainHover && { ...plainHover, markdown: index.mapLinks(undefined, plainHover.markdown, uri) } : renderedHover(uri, offset);
      return result ? { contents: { kind: 'markdown', value: result.markdown }, range: toRange(result.span, document.lines) } : null;
    }),
  );

  connection.onCompletion((params, token): CompletionItem[] =>
    guard('completion', [], token, () => {
      const at = placeAt(room, params);
      if (!at) return [];
      const { uri, document, offset } = at;
      if (isConfigPath(uri)) return configCompletion(room.openText(uri) ?? index.source(uri)?.text ?? '', offset).map((item) => toCompletionItem(item, document.lines));
      const plain = index.plainIndexOf(uri);
      if (plain) return completeAt(plain, uri, offset, locale()).map((item) => toCompletionItem(item, document.lines));
      // In a kustomize resource or patch, complete from the rendered object; the word replaced is the
      // one typed here. A templated line is not the value it renders to, so it gets nothing.
      const place = index.renderedAt(uri, offset).find((candidate) => !candidate.templated && candidate.unit.kind === 'kustomize');
      if (!place) return [];
      const word = wordAt(index.source(uri)?.text ?? '', offset);
      return completeAt(place.index, place.file, place.offset, locale()).map((item) => toCompletionItem({ ...item, span: word }, document.lines));
    }),
  );

  /** The word (a name, a number, a label value) around an offset. */
  function wordAt(text: string, offset: number): { start: number; end: number } {
    let start = offset;
    let end = offset;
    while (start > 0 && /[\w.\/-]/.test(text[start - 1])) start--;
    while (end < text.length && /[\w.\/-]/.test(text[end])) end++;
    return { start, end };
  }
}
