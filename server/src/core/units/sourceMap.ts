/**
 * Carrying a place in a unit's rendered text back to the file that wrote it. The rendered
 * document says which template or resource it came from; the place becomes a field path in the
 * rendered object (units/locate.ts) and that path is sought in the Helm template, or in the
 * kustomize patches of the unit (the last one that sets the value) and then the resource.
 * Pure: source texts come through a function; parsed sources are kept by their text.
 */
import { isMap, isScalar } from 'yaml';
import { inFolder } from '../paths';
import type { Node } from 'yaml';
import type { RelatedLocation, Span } from '../model';
import { parseFile } from '../parse';
import type { KubeObject, ParsedFile } from '../parse';
import type { IndexedObject } from '../routing';
import { LineIndex } from '../text';
import type { RenderUnit, UnitPatch } from './detect';
import type { PatchTarget } from './kustomization';
import { locateInOperations, locateInTemplate, locateInYaml, parseDocuments, renderedPlace } from './locate';
import type { RenderedPlace, SourcePlace } from './locate';
import { documentAt } from './rendered';
import type { RenderedText } from './rendered';

/** A unit's render as the mapping needs it. */
export interface RenderedUnit {
  readonly unit: RenderUnit;
  readonly rendered: RenderedText;
  /** The objects read from the rendered text, in order. */
  readonly objects: readonly IndexedObject[];
}

/** Where a rendered place was written. */
export interface MappedPlace {
  readonly file: string;
  readonly span: Span;
  /** `targetPort renders to "htp"`, when the source line holds a template action. */
  readonly renderedValue?: string;
  /** Where the place really is when that is no file of the workspace (a packaged subchart). */
  readonly note?: string;
  /** Helm: the values that the template line reads, where the unit's values files set them. */
  readonly values?: readonly RelatedLocation[];
  /** The same, with each value's own span and key: where a finding of the value and its fix go in the values file. */
  readonly valueSites?: readonly ValueSite[];
}

/** A value a template line reads, where a values file sets it. */
export interface ValueSite {
  readonly file: string;
  /** `service.nodePort`. */
  readonly key: string;
  readonly keySpan: Span;
  /** The scalar (or collection) the key holds. */
  readonly valueSpan: Span;
}

export class SourceMap {
  private readonly parsedSources = new Map<string, { text: string; parsed: ParsedFile }>();

  constructor(private readonly text: (path: string) => string | undefined) {}

  /** Where a span of a unit's rendered text was written: the template, patch or resource. */
  locate(render: RenderedUnit, span: Span): MappedPlace {
    const { rendered, unit } = render;
    const document = documentAt(rendered, span.start) ?? rendered.documents[rendered.documents.length - 1];
    const fallback = { file: unit.rootFile, span: { start: 0, end: 0 } };
    const object = render.objects.find((candidate) => candidate.object.span.start <= span.start && span.end <= candidate.object.span.end)?.object;
    const sourceFile = document?.source !== undefined && this.text(document.source) !== undefined ? document.source : undefined;
    if (!sourceFile) {
      if (document?.generatedBy && this.text(document.generatedBy) !== undefined) return { file: document.generatedBy, span: { start: 0, end: 0 } };
      // A packaged subchart (charts/x.tgz) or a file outside the workspace: say where it really is.
      return document?.rawSource ? { ...fallback, note: `in ${document.rawSource}, which is not a file of the workspace` } : fallback;
    }
    if (!object) return { file: sourceFile, span: { start: 0, end: 0 } };
    const place = renderedPlace(object, span);
    if (unit.kind === 'helm') {
      // The n-th object of this kind from this template is found in the n-th document writing that kind.
      const found = locateInTemplate(this.text(sourceFile) ?? '', object.kind, this.countSameKindBefore(render, sourceFile, object), place);
      const value = found.templated ? renderedValueText(place) : undefined;
      const sites = found.templated ? this.valuesRead(unit, this.text(sourceFile) ?? '', found.span) : [];
      const values = sites.map((site) => ({ file: site.file, span: site.keySpan, message: `.Values.${site.key} is set here` }));
      return { file: sourceFile, span: found.span, ...(value !== undefined ? { renderedValue: value } : {}), ...(values.length > 0 ? { values, valueSites: sites } : {}) };
    }
    return this.locateKustomize(render, sourceFile, object, place);
  }

  /**
   * The `.Values.a.b` a template line reads, found in the values files of the unit (the variant's
   * file first, as it overrides values.yaml): the line that really chose the rendered value.
   */
  private valuesRead(unit: RenderUnit, template: string, span: Span): ValueSite[] {
    const lineStart = template.lastIndexOf('\n', span.start - 1) + 1;
    const lineEnd = template.indexOf('\n', span.start);
    let line = template.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
    // `{{- toYaml . | nindent 4 }}` writes the value its enclosing `with` or `range` took.
    if (!/\.Values\./.test(line) && /\{\{-?\s*(toYaml|tpl)\s+\.\s/.test(line)) {
      const before = template.slice(0, lineStart).split('\n').reverse().slice(1, 12);
      line = before.find((candidate) => /\{\{-?\s*(with|range)\b[^}]*\.Values\./.test(candidate)) ?? line;
    }
    const files = [...(unit.valuesFiles ? [...unit.valuesFiles].reverse() : [unit.variant]), inFolder(unit.root, 'values.yaml')].filter((file): file is string => file !== undefined);
    const found: ValueSite[] = [];
    for (const match of line.matchAll(/\$?\.Values((?:\.[A-Za-z_][\w-]*)+)/g)) {
      const keys = match[1].slice(1).split('.');
      for (const file of files) {
        const text = this.text(file);
        const documents = text === undefined ? [] : parseDocuments(text);
        const root = documents[0]?.contents as Node | undefined;
        if (!root) continue;
        const place = locateInYaml(root, { segments: keys, nodes: keys.map(() => null), role: 'key' });
        if (!place.complete) continue;
        const value = locateInYaml(root, { segments: keys, nodes: keys.map(() => null), role: 'value' });
        found.push({ file, key: keys.join('.'), keySpan: place.span, valueSpan: value.complete ? value.span : place.span });
        break;
      }
    }
    return found;
  }

  private countSameKindBefore(render: RenderedUnit, sourceFile: string, object: KubeObject): number {
    let count = 0;
    for (const candidate of render.objects) {
      if (candidate.object.span.start >= object.span.start) break;
      const document = documentAt(render.rendered, candidate.object.span.start);
      if (document?.source === sourceFile && candidate.object.kind === object.kind) count++;
    }
    return count;
  }

  private locateKustomize(render: RenderedUnit, sourceFile: string, object: KubeObject, place: RenderedPlace): { file: string; span: Span } {
    const original = this.originalObject(sourceFile, object);
    const originalName = original?.name ?? object.name ?? '';
    // The last patch that sets the value wrote it; a patch's kind and name only say what it patches.
    const identifies = place.segments.length <= 1 || (place.segments[0] === 'metadata' && (place.segments[1] === 'name' || place.segments[1] === 'namespace'));
    for (const patch of identifies ? [] : [...render.unit.patches].reverse()) {
      const found = this.locateInPatch(patch, object.kind, [originalName, object.name ?? ''], place);
      if (found) return found;
    }
    if (!original) return { file: sourceFile, span: { start: 0, end: 0 } };
    const found = locateInYaml(original.root, place, 0, original.view.base);
    return { file: sourceFile, span: found.span };
  }

  /** The object of a resource file a rendered object came from: same kind, its name inside the rendered name. */
  private originalObject(file: string, rendered: KubeObject): KubeObject | undefined {
    const candidates = this.parsed(file).objects.filter((object) => object.kind === rendered.kind);
    const name = rendered.name ?? '';
    const exact = candidates.find((object) => object.name === name);
    if (exact) return exact;
    const contained = candidates.filter((object) => object.name !== undefined && name.includes(object.name)).sort((left, right) => (right.name ?? '').length - (left.name ?? '').length);
    return contained[0] ?? (candidates.length === 1 ? candidates[0] : undefined);
  }

  private locateInPatch(patch: UnitPatch, kind: string, names: readonly string[], place: RenderedPlace): { file: string; span: Span } | undefined {
    const fileText = this.text(patch.file);
    if (fileText === undefined) return undefined;
    if ('reference' in patch) {
      const { reference } = patch;
      if (reference.target && !targetMatches(reference.target, kind, names)) return undefined;
      const documents = this.parsed(patch.file).objects;
      if (reference.json6902 || (documents.length === 0 && reference.target)) {
        const operations = parseDocuments(fileText)[0]?.contents as Node | undefined;
        const found = operations && locateInOperations(operations, place);
        return found ? { file: patch.file, span: found.span } : undefined;
      }
      for (const document of documents) {
        if (!reference.target && (document.kind !== kind || !names.includes(document.name ?? ''))) continue;
        const found = locateInYaml(document.root, place, 0, document.view.base);
        if (found.complete) return { file: patch.file, span: found.span };
      }
      return undefined;
    }
    const { inline } = patch;
    if (inline.target && !targetMatches(inline.target, kind, names)) return undefined;
    const toFile = inlineOffsets(fileText, inline.node);
    for (const document of parseDocuments(inline.text)) {
      const contents = document.contents as Node | null;
      if (!contents) continue;
      let found: SourcePlace | undefined;
      if (inline.json6902) found = locateInOperations(contents, place);
      else if (isMap(contents)) {
        const patchKind = contents.get('kind');
        const metadata = contents.get('metadata', true);
        const patchName = isMap(metadata) ? metadata.get('name') : undefined;
        if (!inline.target && (patchKind !== kind || !names.includes(String(patchName ?? '')))) continue;
        const candidate = locateInYaml(contents, place);
        found = candidate.complete ? candidate : undefined;
      }
      if (found) return { file: patch.file, span: { start: toFile(found.span.start), end: toFile(found.span.end) } };
    }
    return undefined;
  }

  private parsed(file: string): ParsedFile {
    const text = this.text(file) ?? '';
    const cached = this.parsedSources.get(file);
    if (cached?.text === text) return cached.parsed;
    const parsed = parseFile({ path: file, text });
    this.parsedSources.set(file, { text, parsed });
    return parsed;
  }
}

function targetMatches(target: PatchTarget, kind: string, names: readonly string[]): boolean {
  if (target.kind !== undefined && target.kind !== kind) return false;
  if (target.name === undefined) return true;
  let pattern: RegExp | undefined;
  try {
    pattern = new RegExp(`^(?:${target.name})$`);
  } catch {
    pattern = undefined;
  }
  return names.some((name) => name === target.name || (pattern?.test(name) ?? false));
}

/** The rendered value of a place, for messages about templated lines: `targetPort renders to "htp"`. */
function renderedValueText(place: RenderedPlace): string | undefined {
  const node = place.nodes[place.nodes.length - 1];
  const key = place.segments[place.segments.length - 1];
  if (!isScalar(node) || typeof key !== 'string') return undefined;
  const value = node.value;
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return `${key} renders to ${shown}`;
}

/** Maps offsets in an inline patch's text back to the kustomization that holds it. */
function inlineOffsets(fileText: string, node: Node): (offset: number) => number {
  const range = node.range;
  const start = range ? range[0] : 0;
  if (!isScalar(node) || (node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED')) return () => start;
  const bodyStart = fileText.indexOf('\n', start) + 1;
  const body = new LineIndex(fileText.slice(bodyStart, range ? range[1] : fileText.length));
  const firstContent = /^( *)\S/m.exec(fileText.slice(bodyStart));
  const indent = firstContent ? firstContent[1].length : 0;
  const value = String(node.value);
  const valueLines = new LineIndex(value);
  return (offset) => {
    const position = valueLines.positionAt(offset);
    if (position.line >= body.lineCount) return start;
    return bodyStart + body.lineStart(position.line) + indent + position.character;
  };
}
