/**
 * What a rule receives: the object, the settings, a way to report, and typed readers that turn
 * YAML nodes into the values Kubernetes would decode — or a `schema/wrong-type` finding where the
 * decoder would refuse the value. Readers never throw; a missing or null field reads as undefined.
 */
import type { AnalysisSettings, Severity, Span } from '../model';
import type { KubeObject } from '../parse';
import { isMap, isScalar, isSeq } from '../yamlView';
import type { DocumentView, Entry, Node, YAMLMap, YAMLSeq } from '../yamlView';

export interface Report {
  readonly code: string;
  readonly span: Span;
  readonly path: string | null;
  readonly message: string;
  /** Overrides the catalog's severity for this one finding. */
  readonly severity?: Severity;
  readonly data?: Readonly<Record<string, unknown>>;
  /** Another field this finding is derived from; dropped when that field had the wrong type. */
  readonly dependsOn?: string;
}

export interface RuleContext {
  readonly settings: AnalysisSettings;
  readonly object: KubeObject;
  readonly view: DocumentView;
  report(report: Report): void;
}

/**
 * A reporter that keeps one finding per bad field: after a `schema/wrong-type` finding at a path,
 * other findings at that path or below it are dropped, as the decoder would stop there.
 */
export function oneFindingPerWrongType(report: (report: Report) => void): (report: Report) => void {
  const wrongTypePaths: string[] = [];
  return (finding) => {
    const isUnder = (path: string | null | undefined): boolean =>
      path !== null && path !== undefined && wrongTypePaths.some((bad) => path === bad || path.startsWith(`${bad}.`) || path.startsWith(`${bad}[`));
    const path = finding.path;
    if (finding.code !== 'schema/wrong-type' && (isUnder(path) || isUnder(finding.dependsOn))) return;
    if (finding.code === 'schema/wrong-type' && path !== null) wrongTypePaths.push(path);
    report(finding);
  };
}

/** A decoded value with the node it came from. */
export interface Read<T> {
  readonly value: T;
  readonly node: Node;
  readonly span: Span;
  /** The key of the entry, for findings that point at a field rather than its value. */
  readonly keySpan: Span;
}

type Expected = 'an object' | 'a list' | 'a string' | 'an integer' | 'a boolean' | 'an integer or a string';

function describeNode(node: Node): string {
  if (isMap(node)) return 'an object';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
    if (typeof value === 'number') return `the number ${node.source ?? value}`;
    if (typeof value === 'boolean') return `the boolean ${value}`;
  }
  return 'a value of another type';
}

function wrongType(ctx: RuleContext, node: Node, path: string, expected: Expected, span: Span = ctx.view.span(node)): void {
  ctx.report({
    code: 'schema/wrong-type',
    span,
    path,
    message: `${path} must be ${expected}, not ${describeNode(node)}`,
  });
}

/**
 * Looks up `key` and follows aliases; null values count as absent, as in the Go decoder.
 * `span` is where the value is written for this object: the alias (`*name`) rather than its
 * anchor, or the `<<` key for a value merged in from elsewhere.
 */
export function field(ctx: RuleContext, parent: YAMLMap, key: string): { entry: Entry; node: Node; span: Span } | undefined {
  const entry = ctx.view.get(parent, key);
  if (!entry) return undefined;
  const node = ctx.view.deref(entry.value);
  if (node === null || (isScalar(node) && node.value === null)) return undefined;
  return { entry, node, span: entry.merged ? entry.keySpan : ctx.view.span(entry.value) };
}

function wrap<T>(value: T, found: { entry: Entry; node: Node; span: Span }): Read<T> {
  return { value, node: found.node, span: found.span, keySpan: found.entry.keySpan };
}

export function readMap(ctx: RuleContext, parent: YAMLMap, key: string, path: string): Read<YAMLMap> | undefined {
  const found = field(ctx, parent, key);
  if (!found) return undefined;
  if (!isMap(found.node)) return void wrongType(ctx, found.node, path, 'an object', found.span);
  return wrap(found.node, found);
}

export function readSeq(ctx: RuleContext, parent: YAMLMap, key: string, path: string): Read<YAMLSeq> | undefined {
  const found = field(ctx, parent, key);
  if (!found) return undefined;
  if (!isSeq(found.node)) return void wrongType(ctx, found.node, path, 'a list', found.span);
  return wrap(found.node, found);
}

/** The items of a list, with aliases followed; null items are skipped. */
export function seqItems(ctx: RuleContext, seq: YAMLSeq): Array<{ index: number; node: Node }> {
  const items: Array<{ index: number; node: Node }> = [];
  seq.items.forEach((item, index) => {
    const node = ctx.view.deref(item);
    if (node !== null) items.push({ index, node });
  });
  return items;
}

/** Items of a list that must be objects; others get a wrong-type finding. */
export function mapItems(ctx: RuleContext, seq: YAMLSeq, path: string): Array<{ index: number; map: YAMLMap; path: string }> {
  const result: Array<{ index: number; map: YAMLMap; path: string }> = [];
  for (const { index, node } of seqItems(ctx, seq)) {
    const itemPath = `${path}[${index}]`;
    if (isScalar(node) && node.value === null) continue;
    if (isMap(node)) result.push({ index, map: node, path: itemPath });
    else wrongType(ctx, node, itemPath, 'an object');
  }
  return result;
}

function scalarString(ctx: RuleContext, node: Node, path: string, span?: Span): string | undefined {
  if (isScalar(node) && typeof node.value === 'string') return node.value;
  wrongType(ctx, node, path, 'a string', span);
  return undefined;
}

export function readString(ctx: RuleContext, parent: YAMLMap, key: string, path: string): Read<string> | undefined {
  const found = field(ctx, parent, key);
  if (!found) return undefined;
  const value = scalarString(ctx, found.node, path, found.span);
  return value === undefined ? undefined : wrap(value, found);
}

export function readInt(ctx: RuleContext, parent: YAMLMap, key: string, path: string): Read<number> | undefined {
  const found = field(ctx, parent, key);
  if (!found) return undefined;
  const node = found.node;
  if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value)) {
    return wrap(node.value, found);
  }
  return void wrongType(ctx, node, path, 'an integer', found.span);
}

export function readBool(ctx: RuleContext, parent: YAMLMap, key: string, path: string): Read<boolean> | undefined {
  const found = field(ctx, parent, key);
  if (!found) return undefined;
  const node = found.node;
  if (isScalar(node) && typeof node.value === 'boolean') return wrap(node.value, found);
  return void wrongType(ctx, node, path, 'a boolean', found.span);
}

/** An int-or-string field such as targetPort: a quoted number stays a string, as in Kubernetes. */
export function readIntOrString(ctx: RuleContext, parent: YAMLMap, key: string, path: string): Read<number | string> | undefined {
  const found = field(ctx, parent, key);
  if (!found) return undefined;
  const node = found.node;
  if (isScalar(node) && (typeof node.value === 'string' || (typeof node.value === 'number' && Number.isInteger(node.value)))) {
    return wrap(node.value, found);
  }
  return void wrongType(ctx, node, path, 'an integer or a string', found.span);
}

/** A list of strings such as clusterIPs; items of other types get findings and are left out. */
export function readStringList(ctx: RuleContext, parent: YAMLMap, key: string, path: string): Read<Array<{ index: number; value: string; span: Span }>> | undefined {
  const seq = readSeq(ctx, parent, key, path);
  if (!seq) return undefined;
  const values: Array<{ index: number; value: string; span: Span }> = [];
  for (const { index, node } of seqItems(ctx, seq.value)) {
    const value = scalarString(ctx, node, `${path}[${index}]`);
    if (value !== undefined) values.push({ index, value, span: ctx.view.span(node) });
  }
  return { ...seq, value: values };
}

/** A map of strings such as labels or a selector. Null values decode as empty strings. */
export function readStringMap(ctx: RuleContext, parent: YAMLMap, key: string, path: string): Read<Array<{ key: string; value: string; keySpan: Span; valueSpan: Span }>> | undefined {
  const map = readMap(ctx, parent, key, path);
  if (!map) return undefined;
  const pairs: Array<{ key: string; value: string; keySpan: Span; valueSpan: Span }> = [];
  for (const entry of ctx.view.entries(map.value)) {
    const node = ctx.view.deref(entry.value);
    if (node === null || (isScalar(node) && node.value === null)) {
      pairs.push({ key: entry.key, value: '', keySpan: entry.keySpan, valueSpan: entry.keySpan });
      continue;
    }
    const value = scalarString(ctx, node, `${path}[${entry.key}]`);
    if (value !== undefined) pairs.push({ key: entry.key, value, keySpan: entry.keySpan, valueSpan: ctx.view.span(node) });
  }
  return { ...map, value: pairs };
}
