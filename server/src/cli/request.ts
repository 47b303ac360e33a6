/**
 * `k8s-route request`: which backend gets one request, unit by unit. Formatting and the choice of
 * unit only: the routing engine is core/gateway/request.ts.
 */
import type { RequestAnswer } from '../core/gateway/request';
import type { Chosen } from '../core/gateway/requestAcross';
import { requestText as answerText } from '../protocol/requestText';

export function requestJson(answer: RequestAnswer): string {
  return `${JSON.stringify(answer)}\n`;
}

/** `place`: `file:line:column` of a place in the file that wrote it. */
export function requestText(method: string, url: string, chosen: Extract<Chosen, { answer: RequestAnswer }>, place: (file: string, span: { start: number; end: number }) => string): string {
  return answerText(method, url, chosen.answer, chosen.label, chosen.steps.map((step) => ({ text: step.text, ...(step.detail ? { detail: true } : {}), ...(step.at ? { at: place(step.at.file, step.at.span) } : {}) })));
}
