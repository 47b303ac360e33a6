/**
 * Recognising Go-template sources (Helm charts and the like) so they are never judged as YAML.
 * A `{{` counts as a template action only outside comments, quoted scalars and block scalars:
 * alert texts and ConfigMap data that merely contain `{{ … }}` are ordinary YAML.
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
    if (type === 'comment' || type === 'single-quoted-scalar' || type === 'double-quoted-scalar' || isBlockBody) {
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
