/**
 * `k8s-route request`: which backend gets one request, unit by unit. Formatting and the choice of
 * unit only: the routing engine is core/gateway/request.ts.
 */
import type { RequestAnswer, RequestResult, RequestStep } from '../core/gateway/request';

/** One index's answer, with how its unit is named and where its objects are written. */
export interface UnitAnswer {
  readonly label: string;
  readonly result: RequestResult;
  /** `file:line:column` of a place, in the file that wrote it. */
  readonly place: (file: string, span: { start: number; end: number }) => string;
}

export type Chosen = { readonly unit: UnitAnswer; readonly answer: RequestAnswer; readonly steps: readonly RequestStep[] } | { readonly usage: string; readonly candidates: readonly string[] };

/**
 * The unit that answers: the only one with an answer, or the only one whose answer reaches a
 * Gateway or an Ingress route. Several such units are alternatives the user must choose from.
 */
export function chooseAnswer(units: readonly UnitAnswer[]): Chosen {
  const answered = units.filter((unit) => 'answer' in unit.result);
  const routed = answered.filter((unit) => 'answer' in unit.result && unit.result.answer.route !== null);
  const pick = routed.length > 0 ? routed : answered;
  if (pick.length === 1) {
    const result = pick[0].result as Extract<RequestResult, { answer: RequestAnswer }>;
    return { unit: pick[0], answer: result.answer, steps: result.steps };
  }
  if (pick.length > 1) return { usage: `the request is answered in ${pick.length} units; choose one with --unit`, candidates: pick.map((unit) => unit.label) };
  const usages = units.map((unit) => unit.result).filter((result): result is Extract<RequestResult, { usage: string }> => 'usage' in result);
  if (usages.length === 0) return { usage: 'no Gateway and no Ingress in the files', candidates: [] };
  // The most telling reason: one with candidates to choose from.
  const best = usages.find((usage) => usage.candidates.length > 0) ?? usages[0];
  return { usage: best.usage, candidates: [...new Set(usages.flatMap((usage) => usage.candidates))].sort() };
}

export function requestJson(answer: RequestAnswer): string {
  return `${JSON.stringify(answer)}\n`;
}

export function requestText(method: string, url: string, chosen: Extract<Chosen, { answer: RequestAnswer }>): string {
  const { answer, steps, unit } = chosen;
  const lines = [`${method} ${url} => ${answer.status}${answer.redirect ? ` ${answer.redirect.location}` : ''}${unit.label ? `  [${unit.label}]` : ''}`];
  for (const step of steps) lines.push(`${step.detail ? '    ' : '  '}${step.text}${step.at ? `  (${unit.place(step.at.file, step.at.span)})` : ''}`);
  if (answer.forwarded) {
    const headers = Object.entries(answer.forwarded.headers).map(([name, value]) => `${name}: ${value}`);
    lines.push(`forwarded: Host ${answer.forwarded.host}, path ${answer.forwarded.path}${headers.length > 0 ? `, headers ${headers.join('; ')}` : ''}`);
  }
  if (answer.backends.length > 0) {
    const total = answer.backends.reduce((sum, backend) => sum + backend.weight, 0);
    lines.push(`backends: ${answer.backends.map((backend) => `${backend.kind} ${backend.namespace}/${backend.name}${backend.port !== null ? `:${backend.port}` : ''} ${Math.round((backend.weight / total) * 1000) / 10}%`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
