/**
 * Recognising Go-template sources (Helm charts and the like) so they are never judged as YAML.
 * A `{{` counts as a template action only where YAML cannot read it as text: outside comments,
 * quoted and block scalars, and plain scalars that are sentences. Alert texts (`summary: Pod
 * {{ $labels.pod }} is down`), CI commands (`run: echo ${{ secrets.TOKEN }} | …`) and ConfigMap
 * data that merely contain `{{ … }}` are ordinary YAML; `name: {{ .Release.Name }}`,
 * `name: web-{{ .Release.Name }}` and `{{- if … }}` lines are templates.
 */
import { CST, Lexer } from 'yaml';

/** Offset of the first template action outside quoted text, or -1 when there is none. */
export function findTemplateAction(text: string): number {
  let candidate = text.indexOf('{{');
  if (candidate === -1) return -1;
  const safeRanges = quotedRanges(text);
  let rangeIndex = 0;
  while (candidate !== -1) {
    while (rangeIndex < safeRanges.length && safeRanges[rangeIndex][1] <= candidate) rangeIndex++;
    const range = safeRanges[rangeIndex];
    if (!range || candidate < range[0]) return candidate;
    candidate = text.indexOf('{{', candidate + 2);
  }
  return -1;
}

const controlTokens = new Set(['\u0002', '\u0018', '\u001f']);

/** Sorted [start, end) ranges of comments, quoted scalars and block scalar bodies. */
function quotedRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let offset = 0;
  let scalarFollows = false;
  let afterBlockHeader = false;
  for (const token of new Lexer().lex(text)) {
    if (controlTokens.has(token)) {
      if (token === '\u001f') scalarFollows = true;
      continue;
    }
    const type = CST.tokenType(token);
    const isBlockBody = scalarFollows && afterBlockHeader;
    // A plain scalar that reads as text, with words around its `{{ … }}` (`Pod {{ $labels.pod }}
    // is down`, `echo ${{ secrets.TOKEN }} | …`), is YAML; a single templated token such as
    // `web-{{ .Release.Name }}` is a value some tool fills in, so a template.
    const isPlain = scalarFollows && !isBlockBody && type === null && /\s/.test(token.replace(/\{\{[\s\S]*?\}\}/g, ''));
    if (type === 'comment' || type === 'single-quoted-scalar' || type === 'double-quoted-scalar' || isPlain || isBlockBody) {
      ranges.push([offset, offset + token.length]);
    }
    if (type === 'block-scalar-header') afterBlockHeader = true;
    else if (type !== 'newline' && type !== 'space') afterBlockHeader = false;
    if (scalarFollows && type !== 'newline') scalarFollows = false;
    if (isBlockBody) afterBlockHeader = false;
    offset += token.length;
  }
  return ranges;
}

/** True when the text looks like Kubernetes manifests (a top-level `kind:` line), templated or not. */
export function looksLikeManifest(text: string): boolean {
  return /^kind:\s*\S/m.test(text);
}

/** True for a file in a Helm chart's `templates/` folder. */
export function inChartTemplates(path: string): boolean {
  return /(^|\/)templates\/[^/]+$/.test(path);
}
