/**
 * `k8s-route request`: which backend gets one request, unit by unit. Formatting and the choice of
 * unit only: the routing engine is core/gateway/request.ts.
 */
import type { RequestAnswer } from '../core/gateway/request';
import type { Chosen } from '../core/gateway/requestAcross';

export function requestJson(answer: RequestAnswer): string {
  return `${JSON.stringify(answer)}\n`;
}

/** `place`: `file:line:column` of a place in the file that wrote it. */
export function requestText(method: string, url: string, chosen: Extract<Chosen, { answer: RequestAnswer }>, place: (file: string, span: { start: number; end: number }) => string): string {
  const { answer, steps, label } = chosen;
  const lines = [`${method} ${url} => ${answer.status}${answer.redirect ? ` ${answer.redirect.location}` : ''}${label ? `  [${label}]` : ''}`];
  for (const step of steps) lines.push(`${step.detail ? '    ' : '  '}${step.text}${step.at ? `  (${place(step.at.file, step.at.span)})` : ''}`);
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
