/**
 * A fast reader for the YAML that manifests are nearly always written in: block mappings and
 * sequences, one-line plain and quoted scalars, one-line flow collections, and literal or folded
 * block scalars. It builds the same nodes as the `yaml` package (same classes, values, types and
 * ranges), several times faster, and answers `undefined` for anything else (anchors, aliases,
 * tags, multi-line flow or quoted scalars, comments in places where the package's own placement
 * rules would move a node's end, errors of any kind), where the caller uses the package itself.
 * Comments are not kept on the nodes: the engine never reads them.
 *
 * test/core/fastYaml.test.ts compares both readers node by node over every manifest the tests
 * hold and over generated variations; a difference there is a bug here.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';

type Options = ParseOptions & DocumentOptions & SchemaOptions;
type Node = Scalar | YAMLMap | YAMLSeq;
type Range = [number, number, number];

/** Thrown inside the reader when the text leaves the subset; never escapes `fastDocuments`. */
const leave: unique symbol = Symbol('leave the fast path');

interface ScalarTag {
  readonly default?: boolean | 'key';
  readonly test?: RegExp;
  readonly format?: string;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
}

/** The plain scalars that are certainly strings under the core schema, by their first character. */
const maybeNotString = new Set([...'0123456789+-.~nNtTfF']);

interface Gap {
  /** Start of the next content line, or the text's end. */
  readonly line: number;
  /** Its indentation, or -1 at the end of the text. */
  readonly indent: number;
  /** The indentation of the deepest comment line in between; -1 when there is none. */
  readonly deepestComment: number;
}

class Reader {
  private readonly text: string;
  private readonly length: number;
  private readonly tags: readonly ScalarTag[];
  private readonly stringTag: ScalarTag;
  private readonly options: Options;

  constructor(text: string, schema: SchemaTags, options: Options) {
    this.text = text;
    this.length = text.length;
    this.tags = schema.tags;
    this.stringTag = schema.stringTag;
    this.options = options;
  }

  /** The one document of a chunk: contents and range as `parseAllDocuments` gives them. */
  document(): { contents: Node; range: Range; docStart: boolean } {
    const text = this.text;
    let position = 0;
    let marker = -1;
    for (;;) {
      const indent = this.spaces(position);
      const at = position + indent;
      if (at >= this.length) throw leave;
      const char = text.charCodeAt(at);
      if (char === 10) {
        position = at + 1;
        continue;
      }
      if (char === 35) {
        position = this.lineEnd(at) + 1;
        continue;
      }
      if (indent === 0 && text.startsWith('---', at) && (at + 3 === this.length || text[at + 3] === ' ' || text[at + 3] === '\n')) {
        if (marker !== -1) throw leave;
        marker = at;
        const after = this.afterSpaces(at + 3);
        if (after < this.length && text[after] !== '\n' && !(text[after] === '#' && after > at + 3)) throw leave;
        position = this.lineEnd(at) + 1;
        continue;
      }
      if (char === 37 /* % */ || indent !== 0 || text.startsWith('...', at)) throw leave;
      const node = this.blockNode(at, -1, false);
      const gap = this.gap(this.position);
      if (gap.indent !== -1) throw leave;
      // Comments after the last node belong to the document's end when they start at column 0.
      if (gap.deepestComment > 0) throw leave;
      const contentEnd = node.range![2];
      let end = this.length;
      // The lines after a last value left empty stay with its key, outside the document's range.
      if (emptyLast(node)) {
        if (gap.deepestComment !== -1) throw leave;
        end = contentEnd;
      }
      return { contents: node, range: [marker === -1 ? at : marker, contentEnd, end], docStart: marker !== -1 };
    }
  }

  /** Where the reader stands: the start of the line after the last one read. */
  private position = 0;

  /**
   * The node whose first character is at `at`, in a collection at indentation `parent`.
   * `afterDash` is true when it follows `- ` on its line (a sequence cannot start there).
   */
  private blockNode(at: number, parent: number, afterDash: boolean): Node {
    const text = this.text;
    const char = text[at];
    const column = at - this.lineStart(at);
    if (char === '-' && this.isDash(at)) {
      if (afterDash) throw leave;
      return this.blockSequence(at, column);
    }
    const keyEnd = this.keyEnd(at);
    if (keyEnd !== -1) return this.blockMap(at, column, keyEnd);
    return this.lineValue(at, parent);
  }

  /** A value that starts and (for scalars) ends on this line, after `key: ` or `- `, or alone on its line. */
  private lineValue(at: number, parent: number): Node {
    const text = this.text;
    const char = text[at];
    if (char === '[' || char === '{') {
      const node = this.flowCollection(at);
      this.endLine(node);
      return node;
    }
    if (char === '|' || char === '>') return this.blockScalar(at, parent);
    if (char === '"' || char === "'") {
      const node = this.quoted(at, this.lineEnd(at));
      this.endLine(node);
      return node;
    }
    const end = this.plainEnd(at, this.lineEnd(at), false);
    // A deeper line after it would continue it (or be an error): the collection reading it leaves then.
    const node = this.plain(at, end);
    this.endLine(node);
    return node;
  }

  /** After a one-line value: spaces, an optional comment, the newline; sets range[2] and the position. */
  private endLine(node: Node): void {
    const text = this.text;
    let position = this.afterSpaces(node.range![1]);
    if (position < this.length && text[position] === '#') {
      if (position === node.range![1]) throw leave;
      position = this.lineEnd(position);
    }
    if (position < this.length) {
      if (text[position] !== '\n') throw leave;
      position++;
    }
    node.range![2] = position;
    this.position = position;
  }

  /** A block mapping whose first key starts at `first` and ends at the `:` at `firstKeyEnd`. */
  private blockMap(first: number, indent: number, firstKeyEnd: number): YAMLMap {
    const map = new YAMLMap();
    const text = this.text;
    let at = first;
    let keyEnd = firstKeyEnd;
    let end = first;
    for (;;) {
      const key = this.key(at, keyEnd);
      const afterColon = keyEnd + 1;
      const valueAt = this.afterSpaces(afterColon);
      let value: Node;
      if (valueAt >= this.length || text[valueAt] === '\n' || (text[valueAt] === '#' && valueAt > afterColon)) {
        const hasComment = valueAt < this.length && text[valueAt] === '#';
        const lineEnd = this.lineEnd(valueAt);
        const next = lineEnd < this.length ? lineEnd + 1 : lineEnd;
        const gap = this.gap(next);
        if (gap.indent > indent || (gap.indent === indent && text[gap.line + gap.indent] === '-' && this.isDash(gap.line + gap.indent))) {
          value = this.blockNode(gap.line + gap.indent, indent, false);
        } else {
          if (gap.deepestComment !== -1) throw leave;
          let valueEnd = valueAt;
          if (hasComment) {
            // The package gives an empty value with a comment the lines after it: up to the next
            // key when the mapping goes on without a blank line or ends, else its own line only.
            if (gap.indent === -1) throw leave;
            valueEnd = gap.indent === indent && gap.line !== next ? this.lineEnd(next) : gap.line + gap.indent;
          }
          value = this.resolvePlain('', [valueAt, valueAt, valueEnd]);
          this.position = next;
        }
      } else {
        const char = text[valueAt];
        if (char === '-' && this.isDash(valueAt)) throw leave;
        value = this.lineValue(valueAt, indent);
      }
      map.items.push(new Pair(key, value));
      end = value.range![2];
      at = this.nextItem(indent, false);
      if (at === -1) break;
      keyEnd = this.keyEnd(at);
      if (keyEnd === -1) throw leave;
    }
    map.range = [first, end, end];
    return map;
  }

  private blockSequence(first: number, indent: number): YAMLSeq {
    const seq = new YAMLSeq();
    const text = this.text;
    let at = first;
    let end = first;
    for (;;) {
      const valueAt = this.afterSpaces(at + 1);
      if (valueAt >= this.length || text[valueAt] === '\n' || text[valueAt] === '#') throw leave;
      const value = this.blockNode(valueAt, indent, true);
      seq.items.push(value);
      end = value.range![2];
      at = this.nextItem(indent, true);
      if (at === -1) break;
    }
    seq.range = [first, end, end];
    return seq;
  }

  /**
   * Where the collection at `indent` goes on after the lines read so far (its next item's first
   * character: a `- ` line for a sequence, any other line for a mapping), or -1 where it ends.
   * Comment lines in between are allowed only where the package would not count them in a
   * range: no deeper than the collection, and when it ends, shallower (or at column 0).
   */
  private nextItem(indent: number, dashes: boolean): number {
    const gap = this.gap(this.position);
    const at = gap.line + indent;
    if (gap.indent === indent && (this.text[at] === '-' && this.isDash(at)) === dashes) {
      if (gap.deepestComment > indent) throw leave;
      return at;
    }
    if (gap.indent > indent || gap.deepestComment > indent || (gap.deepestComment === indent && indent !== 0)) throw leave;
    return -1;
  }

  private isDash(at: number): boolean {
    const next = this.text[at + 1];
    return at + 1 === this.length || next === ' ' || next === '\n';
  }

  /** Blank and comment lines from `line`; the next content line. */
  private gap(line: number): Gap {
    let deepest = -1;
    let position = line;
    while (position < this.length) {
      const indent = this.spaces(position);
      const at = position + indent;
      if (at >= this.length) break;
      const char = this.text.charCodeAt(at);
      if (char === 10) {
        position = at + 1;
        continue;
      }
      if (char === 35) {
        if (indent > deepest) deepest = indent;
        position = this.lineEnd(at) + 1;
        continue;
      }
      if (this.text.startsWith('---', at) && indent === 0) throw leave;
      if (this.text.startsWith('...', at) && indent === 0) throw leave;
      return { line: position, indent, deepestComment: deepest };
    }
    return { line: this.length, indent: -1, deepestComment: deepest };
  }

  /** Where the `:` of an implicit key starting at `at` is, or -1 when the line holds no key. */
  private keyEnd(at: number): number {
    const text = this.text;
    const char = text[at];
    const lineEnd = this.lineEnd(at);
    if (char === '"' || char === "'") {
      const close = this.quoteEnd(at, lineEnd);
      if (close === -1) return -1;
      const colon = this.afterSpaces(close);
      if (colon < lineEnd && text[colon] === ':' && (colon + 1 === lineEnd || text[colon + 1] === ' ')) {
        if (colon !== close) throw leave;
        return colon;
      }
      return -1;
    }
    if (char === '[' || char === '{' || char === '?' || char === '&' || char === '*' || char === '!') {
      // A flow or complex key, or node properties: only the package reads those.
      for (let index = at; index < lineEnd; index++) if (text[index] === ':' && (index + 1 === lineEnd || text[index + 1] === ' ')) throw leave;
      return -1;
    }
    for (let index = at; index < lineEnd; index++) {
      const code = text.charCodeAt(index);
      if (code === 58 /* : */ && (index + 1 === lineEnd || text.charCodeAt(index + 1) === 32)) {
        if (text.charCodeAt(index - 1) === 32) throw leave;
        return index;
      }
      if (code === 35 /* # */ && text.charCodeAt(index - 1) === 32) return -1;
    }
    return -1;
  }

  private key(at: number, colon: number): Scalar {
    const char = this.text[at];
    if (char === '"' || char === "'") return this.quoted(at, colon);
    if (!this.plainStart(at)) throw leave;
    const source = this.text.slice(at, colon);
    if (source === '<<') throw leave;
    return this.resolvePlain(source, [at, colon, colon]);
  }

  private plainStart(at: number): boolean {
    const char = this.text[at];
    if ('&*!|>%@`,[]{}#\'"'.includes(char)) return false;
    if (char === '-' || char === '?' || char === ':') {
      const next = this.text[at + 1];
      return next !== undefined && next !== ' ' && next !== '\n';
    }
    return true;
  }

  /** The end of a plain scalar from `at` (trailing spaces excluded) before `limit`. */
  private plainEnd(at: number, limit: number, flow: boolean, isKey = false): number {
    if (!this.plainStart(at)) throw leave;
    const text = this.text;
    let end = at;
    for (let index = at; index < limit; index++) {
      const code = text.charCodeAt(index);
      if (code === 32) continue;
      if (code === 35 /* # */ && text.charCodeAt(index - 1) === 32) break;
      if (code === 58 /* : */) {
        const next = text.charCodeAt(index + 1);
        if (index + 1 === limit || next === 32 || next === 10 || (flow && isFlowIndicator(next))) {
          if (isKey) break;
          throw leave;
        }
      }
      if (flow && isFlowIndicator(code)) break;
      end = index + 1;
    }
    return end;
  }

  private plain(at: number, end: number): Scalar {
    return this.resolvePlain(this.text.slice(at, end), [at, end, end]);
  }

  /** A plain scalar's value under the core schema, as the package resolves it. */
  private resolvePlain(source: string, range: Range): Scalar {
    let tag = this.stringTag;
    if (source === '' || maybeNotString.has(source[0])) {
      for (const candidate of this.tags) {
        if (candidate.test!.test(source)) {
          tag = candidate;
          break;
        }
      }
    }
    const resolved = tag.resolve(source, () => {
      throw leave;
    }, this.options);
    const scalar = resolved instanceof Scalar ? resolved : new Scalar(resolved);
    scalar.range = range;
    scalar.source = source;
    scalar.type = 'PLAIN';
    if (tag.format) scalar.format = tag.format;
    return scalar;
  }

  private scalarNode(source: string, type: Scalar.Type, range: Range): Scalar {
    const scalar = new Scalar(source);
    scalar.range = range;
    scalar.source = source;
    scalar.type = type;
    return scalar;
  }

  /** The offset after the closing quote of a quoted scalar at `at`, or -1 if it does not close before `limit`. */
  private quoteEnd(at: number, limit: number): number {
    const text = this.text;
    const quote = text[at];
    for (let index = at + 1; index < limit; index++) {
      const char = text[index];
      if (quote === '"' && char === '\\') {
        index++;
        continue;
      }
      if (char === quote) {
        if (quote === "'" && text[index + 1] === "'") {
          index++;
          continue;
        }
        return index + 1;
      }
    }
    return -1;
  }

  private quoted(at: number, limit: number): Scalar {
    const end = this.quoteEnd(at, limit);
    if (end === -1) throw leave;
    const inner = this.text.slice(at + 1, end - 1);
    const double = this.text[at] === '"';
    const value = double ? unescapeDouble(inner) : inner.replaceAll("''", "'");
    return this.scalarNode(value, double ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', [at, end, end]);
  }

  /** A flow collection that opens and closes on this line; range[2] covers spaces after it. */
  private flowCollection(at: number): YAMLMap | YAMLSeq {
    const text = this.text;
    const limit = this.lineEnd(at);
    const isMap = text[at] === '{';
    const close = isMap ? '}' : ']';
    const collection = isMap ? new YAMLMap() : new YAMLSeq();
    collection.flow = true;
    let position = this.afterSpaces(at + 1);
    let expectItem = true;
    for (;;) {
      if (position >= limit) throw leave;
      const char = text[position];
      if (char === close) {
        position++;
        break;
      }
      if (char === ',') {
        if (expectItem) throw leave;
        expectItem = true;
        position = this.afterSpaces(position + 1);
        continue;
      }
      if (!expectItem) throw leave;
      expectItem = false;
      if (isMap) {
        const key = this.flowItem(position, limit, true);
        const colon = key.range![1];
        if (text[colon] !== ':') throw leave;
        // After a plain key the `:` needs a space; after a quoted one (JSON style) it does not.
        if ((key as Scalar).type === 'PLAIN' && text[colon + 1] !== ' ') throw leave;
        const valueAt = this.afterSpaces(colon + 1);
        if (valueAt >= limit || text[valueAt] === ',' || text[valueAt] === '}' || text[valueAt] === '#') throw leave;
        const value = this.flowItem(valueAt, limit, false);
        (collection as YAMLMap).items.push(new Pair(key, value));
        position = value.range![2];
      } else {
        const item = this.flowItem(position, limit, false);
        if (text[item.range![2]] === ':') throw leave;
        (collection as YAMLSeq).items.push(item);
        position = item.range![2];
      }
    }
    collection.range = [at, position, position];
    return collection;
  }

  /** One item inside a flow collection; range[2] covers the spaces after it (not after a key). */
  private flowItem(at: number, limit: number, isKey: boolean): Node {
    const text = this.text;
    const char = text[at];
    let node: Node;
    if (char === '[' || char === '{') {
      if (isKey) throw leave;
      node = this.flowCollection(at);
    } else if (char === '"' || char === "'") {
      node = this.quoted(at, limit);
    } else {
      const end = this.plainEnd(at, limit, true, isKey);
      if (end === at) throw leave;
      node = this.plain(at, end);
    }
    if (!isKey) {
      const after = this.afterSpaces(node.range![1]);
      if (after >= limit || text[after] === '#') throw leave;
      node.range![2] = after;
    } else if (text[node.range![1]] === ' ') throw leave;
    return node;
  }

  /** A literal or folded block scalar whose header is at `at`. */
  private blockScalar(at: number, parent: number): Scalar {
    const text = this.text;
    const folded = text[at] === '>';
    let headerEnd = at + 1;
    let chomp: 'clip' | 'strip' = 'clip';
    if (text[headerEnd] === '-') {
      chomp = 'strip';
      headerEnd++;
    }
    if (headerEnd < this.length && text[headerEnd] !== '\n') throw leave;
    if (headerEnd >= this.length) throw leave;
    const lines: string[] = [];
    let contentIndent = -1;
    let position = headerEnd + 1;
    let end = position;
    while (position < this.length) {
      const indent = this.spaces(position);
      const at2 = position + indent;
      const lineEnd = this.lineEnd(position);
      if (at2 >= this.length || text[at2] === '\n') {
        if (contentIndent === -1 || indent > contentIndent) throw leave;
        lines.push('');
        position = lineEnd + 1;
        continue;
      }
      if (contentIndent === -1) {
        if (indent <= parent || indent === 0) throw leave;
        contentIndent = indent;
      }
      if (indent < contentIndent) break;
      const line = text.slice(position + contentIndent, lineEnd);
      if (folded && indent > contentIndent) throw leave;
      lines.push(line);
      position = lineEnd < this.length ? lineEnd + 1 : lineEnd;
      end = position;
    }
    if (contentIndent === -1) throw leave;
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    let value: string;
    if (folded) {
      value = '';
      let blank = 0;
      for (let index = 0; index < lines.length; index++) {
        const line = lines[index];
        if (line === '') {
          blank++;
          continue;
        }
        if (index > 0) value += blank > 0 ? '\n'.repeat(blank) : ' ';
        blank = 0;
        value += line;
      }
    } else {
      value = lines.join('\n');
    }
    if (chomp === 'clip' && lines.length > 0) value += '\n';
    this.position = end;
    return this.scalarNode(value, folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL', [at, end, end]);
  }

  private lineStart(at: number): number {
    return this.text.lastIndexOf('\n', at - 1) + 1;
  }

  private lineEnd(at: number): number {
    const end = this.text.indexOf('\n', at);
    return end === -1 ? this.length : end;
  }

  private spaces(at: number): number {
    let index = at;
    while (index < this.length && this.text.charCodeAt(index) === 32) index++;
    return index - at;
  }

  private afterSpaces(at: number): number {
    return at + this.spaces(at);
  }
}

/** `,` `[` `]` `{` `}`: the characters that end a plain scalar inside a flow collection. */
function isFlowIndicator(code: number): boolean {
  return code === 44 || code === 91 || code === 93 || code === 123 || code === 125;
}

/** Whether the last value in a node's tree is an empty scalar without a comment. */
function emptyLast(node: Node): boolean {
  let last: unknown = node;
  for (;;) {
    if (last instanceof YAMLMap) last = last.items[last.items.length - 1]?.value;
    else if (last instanceof YAMLSeq) last = last.items[last.items.length - 1];
    else break;
  }
  if (!(last instanceof Scalar) || last.source !== '' || last.type !== 'PLAIN') return false;
  if (last.range![2] !== last.range![0]) throw leave;
  return true;
}

const simpleEscapes: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ', b: '\b', f: '\f', v: '\v', a: '\x07', e: '\x1b' };

function unescapeDouble(inner: string): string {
  if (!inner.includes('\\')) return inner;
  let value = '';
  for (let index = 0; index < inner.length; index++) {
    const char = inner[index];
    if (char !== '\\') {
      value += char;
      continue;
    }
    const next = inner[++index];
    const simple = simpleEscapes[next];
    if (simple !== undefined) {
      value += simple;
      continue;
    }
    const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    const digits = inner.slice(index + 1, index + 1 + width);
    if (width === 0 || !/^[0-9a-fA-F]+$/.test(digits) || digits.length !== width) throw leave;
    value += String.fromCodePoint(parseInt(digits, 16));
    index += width;
  }
  return value;
}

/** The scalar tags a plain scalar is tested against, in the package's order, and the string tag. */
interface SchemaTags {
  readonly tags: readonly ScalarTag[];
  readonly stringTag: ScalarTag;
}

/** The schema of the options last used, read once from a document the package makes with them. */
let template: { options: Options; schema: SchemaTags | undefined } | undefined;

function schemaTags(options: Options): SchemaTags | undefined {
  const schema = new Document(undefined, options).schema as unknown as { tags: ScalarTag[] } & Record<symbol, ScalarTag>;
  const scalar = Object.getOwnPropertySymbols(schema).find((symbol) => String(symbol) === 'Symbol(yaml.scalar)');
  if (!scalar) return undefined;
  return { tags: schema.tags.filter((tag) => tag.default === true && tag.test && !(tag as { collection?: string }).collection), stringTag: schema[scalar] };
}

/**
 * The documents of one chunk of a file (as `documentChunks` cuts it), or `undefined` when the
 * chunk is not in the subset this reader knows and the `yaml` package must read it.
 */
export function fastDocuments(text: string, options: Options): Document[] | undefined {
  if (text.includes('\t') || text.includes('\r') || text.includes('\ufeff')) return undefined;
  if (template?.options !== options) template = { options, schema: schemaTags(options) };
  if (!template.schema) return undefined;
  try {
    const reader = new Reader(text, template.schema, options);
    const { contents, range, docStart } = reader.document();
    const document = new Document(undefined, options);
    document.contents = contents;
    document.range = range;
    if (docStart) document.directives!.docStart = true;
    return [document];
  } catch (error) {
    // Nesting deep enough to exhaust the stack is the package's to judge too.
    if (error === leave || error instanceof RangeError) return undefined;
    throw error;
  }
}
