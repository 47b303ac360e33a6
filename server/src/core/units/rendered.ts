/**
 * Reading what a tool rendered: the documents of `helm template` output with the template each
 * came from (its `# Source:` comment), and of `kustomize build` output with the file each object
 * came from (the `config.kubernetes.io/origin` annotation, which is then removed so the analysis
 * sees the objects as the cluster will). Pure text work: the host ran the tool.
 */
import { documentChunks } from '../parse';
import { joinRelative } from '../paths';

/** One rendered document and the workspace file that wrote it. */
export interface RenderedDocument {
  readonly start: number;
  readonly end: number;
  /** The template or resource file, as the host names files; undefined when it is not in the workspace. */
  readonly source: string | undefined;
  /** The origin as the tool wrote it, for messages when the file is not in the workspace. */
  readonly rawSource: string | undefined;
  /** Kustomize: the kustomization of a generator that made this object (ConfigMap, Secret). */
  readonly generatedBy: string | undefined;
}

export interface RenderedText {
  readonly text: string;
  readonly documents: readonly RenderedDocument[];
}

/** The rendered document a position lies in (an empty document counts as holding its start). */
export function documentAt(rendered: RenderedText, offset: number): RenderedDocument | undefined {
  return rendered.documents.find((document) => document.start <= offset && offset < Math.max(document.end, document.start + 1));
}

/**
 * Helm output: `# Source: <chart>/templates/x.yaml` names the template; subcharts come as
 * `<chart>/charts/<sub>/templates/x.yaml`. The chart's own name is replaced by its folder.
 */
export function readHelmOutput(text: string, chartRoot: string, chartName: string): RenderedText {
  const documents: RenderedDocument[] = [];
  for (const chunk of documentChunks(text)) {
    const match = /^# Source: (.+?)\s*$/m.exec(chunk.text);
    const raw = match?.[1];
    let source: string | undefined;
    if (raw !== undefined) {
      const slash = raw.indexOf('/');
      const first = slash === -1 ? raw : raw.slice(0, slash);
      if (first === chartName && slash !== -1) source = joinRelative(chartRoot, raw.slice(slash + 1));
    }
    documents.push({ start: chunk.start, end: chunk.start + chunk.text.length, source, rawSource: raw, generatedBy: undefined });
  }
  return { text, documents };
}

/**
 * Kustomize output with origin annotations: strips each `config.kubernetes.io/origin` block (and an
 * `annotations:` left empty by that) and records the origin path, resolved by `resolve` (the host
 * knows the folder the paths are relative to).
 */
export function readKustomizeOutput(text: string, resolve: (raw: string) => string | undefined): RenderedText {
  const documents: RenderedDocument[] = [];
  const output: string[] = [];
  let offset = 0;
  for (const chunk of documentChunks(text)) {
    const lines = chunk.text.split('\n');
    const kept: string[] = [];
    let raw: string | undefined;
    let configuredIn: string | undefined;
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index];
      const header = /^(\s*)config\.kubernetes\.io\/origin:\s*[|>]-?\s*$/.exec(line);
      if (!header) {
        kept.push(line);
        continue;
      }
      const indent = header[1].length;
      while (index + 1 < lines.length && indentOf(lines[index + 1]) > indent && lines[index + 1].trim() !== '') {
        index++;
        const field = /^\s*(path|configuredIn):\s*(.+?)\s*$/.exec(lines[index]);
        if (field?.[1] === 'path') raw = unquote(field[2]);
        if (field?.[1] === 'configuredIn') configuredIn = unquote(field[2]);
      }
      // `annotations:` with nothing left under it goes too.
      const previous = kept.length - 1;
      const next = lines[index + 1];
      if (previous >= 0 && /^\s*annotations:\s*$/.test(kept[previous]) && (next === undefined || next.trim() === '' || indentOf(next) <= indentOf(kept[previous]))) kept.pop();
    }
    const cleaned = kept.join('\n');
    documents.push({
      start: offset,
      end: offset + cleaned.length,
      source: raw !== undefined ? resolve(raw) : undefined,
      rawSource: raw,
      generatedBy: configuredIn !== undefined ? resolve(configuredIn) : undefined,
    });
    output.push(cleaned);
    offset += cleaned.length;
  }
  return { text: output.join(''), documents };
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function unquote(value: string): string {
  return /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
}
