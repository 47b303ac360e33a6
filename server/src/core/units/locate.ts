/**
 * Finding, in the file that wrote it, the value a rendered object carries. A place in a rendered
 * object is first turned into a field path (keys and list positions, with the rendered list items
 * so that merged lists can be matched by their merge keys); the path is then looked up in a YAML
 * source (a kustomize resource or patch) or, tolerantly and line by line, in a Helm template whose
 * `{{ }}` actions make it something other than YAML.
 */
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import type { Span } from '../model';
import type { KubeObject } from '../parse';
import { spanOf } from '../yamlView';

export type Segment = string | number;

/** A place in a rendered object: its path, the rendered node at each step, and what the span covered. */
export interface RenderedPlace {
  readonly segments: readonly Segment[];
  /** The rendered node reached by each segment (same length as segments). */
  readonly nodes: readonly (Node | null)[];
  /** `key` when the span is the key of the last segment, `value` when it is the whole value, `inside` otherwise. */
  readonly role: 'key' | 'value' | 'inside';
}

/** The path to the deepest node of a rendered object that contains `span`. */
export function renderedPlace(object: KubeObject, span: Span): RenderedPlace {
  const segments: Segment[] = [];
  const nodes: (Node | null)[] = [];
  const within = (outer: Span): boolean => outer.start <= span.start && span.end <= outer.end;
  let node: Node | null = object.root;
  let role: RenderedPlace['role'] = 'inside';
  for (let depth = 0; depth < 64 && node; depth++) {
    const nodeSpan = object.view.span(node);
    if (nodeSpan.start === span.start && nodeSpan.end === span.end && depth > 0) {
      role = 'value';
      break;
    }
    let next: Node | null = null;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (within(object.view.span(pair.key))) {
          segments.push(key);
          nodes.push((pair.value ?? null) as Node | null);
          role = 'key';
          return { segments, nodes, role };
        }
        const value = (pair.value ?? null) as Node | null;
        if (value && within(object.view.span(value))) {
          segments.push(key);
          nodes.push(value);
          next = value;
          break;
        }
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        if (!next && item && within(object.view.span(item as Node))) {
          segments.push(index);
          nodes.push(item as Node);
          next = item as Node;
        }
      });
    }
    if (!next) break;
    node = next;
  }
  return { segments, nodes, role };
}

/** Where a rendered place was found in a source: the span, and how much of the path matched. */
export interface SourcePlace {
  readonly span: Span;
  /** True when the whole path was found (not just an ancestor). */
  readonly complete: boolean;
  /** Helm: the line holds a template action, so the rendered value is worth showing. */
  readonly templated?: boolean;
}

const mergeKeys = ['name', 'containerPort', 'port', 'mountPath', 'devicePath', 'ip', 'topologyKey', 'key', 'type', 'path', 'host', 'hostname'];

function scalarAt(node: Node | null | undefined, key: string): unknown {
  if (!isMap(node)) return undefined;
  const value = node.get(key, true);
  return isScalar(value) ? value.value : undefined;
}

/** Which item of a source list stands for a rendered item: by merge keys, else by position. */
function matchItem(items: readonly unknown[], rendered: Node | null, index: number): number {
  if (isMap(rendered)) {
    for (let candidate = 0; candidate < items.length; candidate++) {
      let agree = 0;
      let disagree = 0;
      for (const key of mergeKeys) {
        const left = scalarAt(rendered, key);
        const right = scalarAt(items[candidate] as Node, key);
        if (left === undefined || right === undefined) continue;
        if (String(left) === String(right)) agree++;
        else disagree++;
      }
      if (agree > 0 && disagree === 0) return candidate;
    }
    // Without a shared key, the same position counts only if nothing contradicts it.
    const same = items[index] as Node | undefined;
    if (same && isMap(same) && !mergeKeys.some((key) => scalarAt(rendered, key) !== undefined && scalarAt(same, key) !== undefined)) return index;
    return -1;
  }
  return index < items.length ? index : -1;
}

/**
 * Looks a rendered place up in a YAML node (a resource's root mapping, a patch, a patch operation's
 * value). The deepest match is returned; `complete` says whether it was the whole path.
 */
export function locateInYaml(root: Node, place: RenderedPlace, from = 0, offset = 0): SourcePlace {
  let node: Node = root;
  let best: Span = shift(spanOf(root), offset);
  for (let depth = from; depth < place.segments.length; depth++) {
    const segment = place.segments[depth];
    const last = depth === place.segments.length - 1;
    if (typeof segment === 'string' && isMap(node)) {
      const pair = (node as YAMLMap).items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
      if (!pair) return { span: best, complete: false };
      const keySpan = shift(spanOf(pair.key as Node), offset);
      const value = (pair.value ?? null) as Node | null;
      if (last) {
        if (place.role === 'key' || !value) return { span: keySpan, complete: true };
        return { span: place.role === 'value' ? shift(spanOf(value), offset) : keySpan, complete: true };
      }
      if (!value) return { span: keySpan, complete: false };
      best = keySpan;
      node = value;
    } else if (typeof segment === 'number' && isSeq(node)) {
      const index = matchItem(node.items, place.nodes[depth], segment);
      if (index === -1) return { span: best, complete: false };
      const item = node.items[index] as Node;
      best = shift(spanOf(item), offset);
      if (last) return { span: best, complete: true };
      node = item;
    } else {
      return { span: best, complete: false };
    }
  }
  return { span: best, complete: true };
}

function shift(span: Span, offset: number): Span {
  return { start: span.start + offset, end: span.end + offset };
}

/**
 * Looks a rendered place up in JSON 6902 operations: the last `add` or `replace` whose path is the
 * place or one of its parents wins, and the place is then sought inside that operation's value.
 */
export function locateInOperations(operations: Node, place: RenderedPlace, offset = 0): SourcePlace | undefined {
  if (!isSeq(operations)) return undefined;
  let found: SourcePlace | undefined;
  for (const operation of operations.items) {
    if (!isMap(operation)) continue;
    const op = scalarAt(operation, 'op');
    const path = scalarAt(operation, 'path');
    if ((op !== 'add' && op !== 'replace') || typeof path !== 'string') continue;
    const depth = prefixDepth(path, place.segments);
    if (depth === undefined) continue;
    const value = (operation as YAMLMap).get('value', true) as Node | undefined;
    if (!value) continue;
    if (depth === place.segments.length) {
      found = { span: shift(spanOf(value), offset), complete: true };
      continue;
    }
    const inner = locateInYaml(value, place, depth, offset);
    if (inner.complete) found = inner;
  }
  return found;
}

/** How many segments of `segments` a JSON pointer covers, or undefined when it is not a prefix. */
function prefixDepth(pointer: string, segments: readonly Segment[]): number | undefined {
  if (pointer === '') return 0;
  const parts = pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (parts.length > segments.length) return undefined;
  for (let index = 0; index < parts.length; index++) if (parts[index] !== String(segments[index])) return undefined;
  return parts.length;
}

/** Parses a YAML text (a patch file, an inline patch) into its documents; never throws. */
export function parseDocuments(text: string): Document[] {
  try {
    return (parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false }) as Document[]).filter((document) => document.errors.length === 0);
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Helm templates: YAML with `{{ }}` actions, read line by line.

interface TemplateLine {
  /** Offset of the line's content (after the indentation and any `- `). */
  readonly start: number;
  readonly end: number;
  readonly indent: number;
  /** The text from `start` on. */
  readonly text: string;
  /** A `- ` list item marker line (the key after it, if any, is its own record). */
  readonly dash: boolean;
}

/**
 * Finds a rendered place in a Helm template. The template's documents are matched to the rendered
 * one by kind and position; keys are matched by indentation, ignoring lines that hold only
 * actions (`{{- if }}`, `{{ end }}`, `{{ include … | nindent }}`); a list item is the n-th item
 * written, or the last one when a `range` writes several. Falls back to the deepest line found,
 * and at worst to the document's first line.
 */
export function locateInTemplate(text: string, kind: string, occurrence: number, place: RenderedPlace): SourcePlace {
  const documents = templateDocuments(text);
  const withKind = documents.filter((lines) => lines.some((line) => line.indent === 0 && new RegExp(`^kind:\\s*["']?${escapeRegExp(kind)}["']?\\s*(#.*)?$`).test(line.text)));
  const candidates = withKind.length > 0 ? withKind : documents;
  const lines = candidates[Math.min(occurrence, candidates.length - 1)] ?? [];
  if (lines.length === 0) return { span: { start: 0, end: 0 }, complete: false };
  const first = lines.find((line) => /^kind\s*:/.test(line.text) && line.indent === 0) ?? lines[0];
  let best: TemplateLine = first;
  let from = 0;
  let to = lines.length;
  let parentIndent = -1;
  for (let depth = 0; depth < place.segments.length; depth++) {
    const segment = place.segments[depth];
    const last = depth === place.segments.length - 1;
    const childIndent = minimumIndent(lines, from, to, parentIndent);
    if (childIndent === undefined) return result(best, false);
    if (typeof segment === 'number') {
      const items: number[] = [];
      for (let index = from; index < to; index++) if (lines[index].dash && lines[index].indent === childIndent) items.push(index);
      // More items rendered than the template writes: the rest come from a line such as
      // `{{- toYaml .Values.extraRules | nindent 4 }}`, which is where they were written.
      if (segment >= items.length) {
        const writer = writerIn(lines, items.length > 0 ? items[items.length - 1] + 1 : from, to, parentIndent);
        if (writer) return writer;
      }
      if (items.length === 0) return result(best, false);
      const chosen = items[Math.min(segment, items.length - 1)];
      // `- port: 80`: the item's first key shares the dash's line and is the better place to point at.
      const next = lines[chosen + 1];
      best = next && !next.dash && next.start <= lines[chosen].end ? next : lines[chosen];
      const end = blockEnd(lines, chosen + 1, to, childIndent);
      if (last) return result(best, true);
      from = chosen + 1;
      to = end;
      parentIndent = childIndent;
      continue;
    }
    let found = -1;
    for (let index = from; index < to; index++) {
      const line = lines[index];
      if (line.dash || line.indent !== childIndent) continue;
      const key = keyOf(line.text);
      if (key === segment) {
        found = index;
        break;
      }
      // A flow mapping on one line (`metadata: {name: x}`): the key may sit inside it.
      if (key !== undefined && line.text.includes('{') && new RegExp(`[{,]\\s*${escapeRegExp(segment)}\\s*:`).test(line.text)) {
        const at = line.text.search(new RegExp(`[{,]\\s*${escapeRegExp(segment)}\\s*:`));
        const keyStart = line.start + at + line.text.slice(at).search(/[^{,\s]/);
        return { span: { start: keyStart, end: keyStart + segment.length }, complete: last, templated: line.text.includes('{{') };
      }
    }
    if (found === -1) return writerIn(lines, from, to, parentIndent) ?? result(best, false);
    best = lines[found];
    if (last) {
      const colon = best.text.indexOf(':');
      const valueText = best.text.slice(colon + 1);
      const valueStart = best.start + colon + 1 + (valueText.length - valueText.trimStart().length);
      const hasValue = valueText.trim() !== '' && place.role !== 'key';
      return { span: hasValue ? { start: valueStart, end: best.end } : { start: best.start, end: best.start + segment.length }, complete: true, templated: best.text.includes('{{') };
    }
    from = found + 1;
    to = blockEnd(lines, found + 1, to, childIndent);
    parentIndent = childIndent;
  }
  return result(best, true);
}

function result(line: TemplateLine, complete: boolean): SourcePlace {
  const colon = line.text.indexOf(':');
  const keyEnd = colon > 0 ? line.start + colon : line.end;
  return { span: { start: line.start, end: keyEnd }, complete, templated: line.text.includes('{{') };
}

function keyOf(text: string): string | undefined {
  const match = /^(?:"([^"]*)"|'([^']*)'|([^\s:#{][^:#]*?))\s*:(?:\s|$)/.exec(text);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

function minimumIndent(lines: readonly TemplateLine[], from: number, to: number, parentIndent: number): number | undefined {
  let minimum: number | undefined;
  for (let index = from; index < to; index++) {
    const indent = lines[index].indent;
    if (indent > parentIndent && (minimum === undefined || indent < minimum)) minimum = indent;
  }
  return minimum;
}

/** The end of the block of lines more indented than `indent`, starting at `from`. */
function blockEnd(lines: readonly TemplateLine[], from: number, to: number, indent: number): number {
  for (let index = from; index < to; index++) if (lines[index].indent <= indent) return index;
  return to;
}

/** A line of actions only that writes YAML (toYaml, include, tpl), placed before structural line `before`. */
interface WriterLine {
  readonly start: number;
  readonly end: number;
  /** The indentation of what it writes: its nindent/indent argument, else the line's own. */
  readonly indent: number;
  readonly before: number;
}

const writersOf = new WeakMap<TemplateLine[], WriterLine[]>();

/** The first line of actions that writes YAML into the block of structural lines [from, to). */
function writerIn(lines: TemplateLine[], from: number, to: number, parentIndent: number): SourcePlace | undefined {
  const writer = (writersOf.get(lines) ?? []).find((candidate) => candidate.before >= from && candidate.before <= to && candidate.indent > parentIndent);
  return writer && { span: { start: writer.start, end: writer.end }, complete: true, templated: true };
}

let lastTemplate: { text: string; documents: TemplateLine[][] } | undefined;

/** The template's documents as structural lines, remembered for the last template read. */
function templateDocuments(text: string): TemplateLine[][] {
  if (lastTemplate?.text !== text) lastTemplate = { text, documents: readTemplateDocuments(text) };
  return lastTemplate.documents;
}

/** The template's documents as structural lines: blanks, comments and action-only lines left out. */
function readTemplateDocuments(text: string): TemplateLine[][] {
  const documents: TemplateLine[][] = [[]];
  let offset = 0;
  let blockScalarIndent = -1;
  for (const raw of text.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    if (/^---(\s|$)/.test(line)) {
      documents.push([]);
      blockScalarIndent = -1;
      continue;
    }
    const trimmed = line.trimStart();
    const indent = line.length - trimmed.length;
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    // A line of actions only (`{{- if }}`, `{{ end }}`, `{{ include … | nindent 4 }}`) writes no key
    // here; one that writes YAML is remembered as where the keys it writes come from.
    if (trimmed.replace(/\{\{.*?\}\}/g, '').trim() === '') {
      if (/\b(toYaml|include|tpl|template)\b/.test(trimmed)) {
        const target = documents[documents.length - 1];
        const indentArgument = /\bn?indent\s+(\d+)/.exec(trimmed);
        const writers = writersOf.get(target) ?? [];
        writers.push({ start: lineStart + indent, end: lineStart + line.length, indent: indentArgument ? Number(indentArgument[1]) : indent, before: target.length });
        writersOf.set(target, writers);
      }
      continue;
    }
    // The body of a block scalar (`data: |`) is text, not structure.
    if (blockScalarIndent !== -1 && indent > blockScalarIndent) continue;
    blockScalarIndent = -1;
    const target = documents[documents.length - 1];
    let column = indent;
    let rest = trimmed;
    while (rest.startsWith('- ') || rest === '-') {
      target.push({ start: lineStart + column, end: lineStart + line.length, indent: column, text: rest, dash: true });
      const after = rest.slice(1);
      const gap = after.length - after.trimStart().length;
      column += 1 + gap;
      rest = after.trimStart();
      if (rest === '') break;
    }
    if (rest !== '') target.push({ start: lineStart + column, end: lineStart + line.length, indent: column, text: rest, dash: false });
    if (/:\s*[|>][-+0-9]*\s*(#.*)?$/.test(rest)) blockScalarIndent = column;
  }
  return documents.filter((lines) => lines.length > 0);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
