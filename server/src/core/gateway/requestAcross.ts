/**
 * A request asked of a whole repository: each plain index and each render unit answers on its
 * own (units beside each other are alternatives), and the one whose Gateway or Ingress takes the
 * request is chosen; several are a choice the user must make. Every place an answer names is
 * carried back to the file and line that wrote it (a template or patch line for a unit).
 */
import type { Span } from '../model';
import type { ScopedRepository } from '../units/scoped';
import { answerRequest } from './request';
import type { RequestAnswer, RequestQuestion, RequestResult, RequestStep } from './request';

/** One index's answer, named for the user (`plain`, `cluster:NAME`, or the unit's folder and variant). */
export interface UnitAnswer {
  readonly label: string;
  /** What `--unit` (or the editor) passes to choose it. */
  readonly choice: string;
  readonly result: RequestResult;
}

export type Chosen = { readonly label: string; readonly answer: RequestAnswer; readonly steps: readonly RequestStep[] } | { readonly usage: string; readonly candidates: readonly string[] };

/** `unit`: `plain`, `cluster:NAME`, or a unit root folder (path as the repository holds it). */
export function answerAcross(repository: ScopedRepository, question: RequestQuestion, unit?: string, sameRoot: (left: string, right: string) => boolean = (left, right) => left === right): Chosen {
  const answers: UnitAnswer[] = [];
  for (const plain of repository.plainIndexes()) {
    const choice = plain.key === '' ? 'plain' : `cluster:${plain.key}`;
    if (unit !== undefined && unit !== choice) continue;
    answers.push({ label: plain.label ?? '', choice, result: answerRequest(plain.index.objects(), plain.index.gateways(), question) });
  }
  for (const rendered of repository.units()) {
    const index = repository.unitIndex(rendered.id);
    if (!index) continue;
    if (unit !== undefined && !sameRoot(unit.split('@')[0], rendered.root)) continue;
    const result = answerRequest(index.objects(), index.gateways(), question);
    // Places in the rendered output go back to the template, patch or resource line that wrote them.
    const mapped: RequestResult = 'answer' in result ? { answer: result.answer, steps: result.steps.map((step) => (step.at ? { ...step, at: mapPlace(repository, rendered.id, step.at) } : step)) } : result;
    answers.push({ label: `${rendered.root} ${rendered.label}`.trim(), choice: rendered.root, result: mapped });
  }
  return chooseAnswer(answers);
}

function mapPlace(repository: ScopedRepository, unitId: string, at: { file: string; span: Span }): { file: string; span: Span } {
  return repository.sourceOf(unitId, at.span) ?? at;
}

/**
 * The answer to print: the only one, or the only one that reaches a route. Otherwise the most
 * telling usage problem, with every candidate named.
 */
export function chooseAnswer(units: readonly UnitAnswer[]): Chosen {
  const answered = units.filter((unit) => 'answer' in unit.result);
  const routed = answered.filter((unit) => 'answer' in unit.result && unit.result.answer.route !== null);
  const pick = routed.length > 0 ? routed : answered;
  if (pick.length === 1) {
    const result = pick[0].result as Extract<RequestResult, { answer: RequestAnswer }>;
    return { label: pick[0].label, answer: result.answer, steps: result.steps };
  }
  if (pick.length > 1) return { usage: `the request is answered in ${pick.length} places (render units or folders applied apart); choose one with --unit`, candidates: pick.map((unit) => `${unit.label || 'plain files'}  (--unit ${unit.choice})`) };
  const usages = units.map((unit) => unit.result).filter((result): result is Extract<RequestResult, { usage: string }> => 'usage' in result);
  if (usages.length === 0) return { usage: 'no Gateway and no Ingress in the files', candidates: [] };
  const best = usages.find((usage) => usage.candidates.length > 0) ?? usages[0];
  return { usage: best.usage, candidates: [...new Set(usages.flatMap((usage) => usage.candidates))].sort() };
}
