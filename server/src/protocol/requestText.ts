/**
 * An answer to "which backend gets this request" as text: the status, each step with the place
 * that decides it, what the backend receives and the backends' shares. The CLI prints it; the
 * editor writes it to its output channel. Each host says how a place is written.
 */
import type { RequestAnswer } from './request';

export interface PlacedStep {
  readonly text: string;
  readonly detail?: boolean;
  /** Where the step is decided, as the host writes a place (`file:line:column`). */
  readonly at?: string;
}

export function requestText(method: string, url: string, answer: RequestAnswer, label: string, steps: readonly PlacedStep[]): string {
  const lines = [`${method} ${url} => ${answer.status}${answer.redirect ? ` ${answer.redirect.location}` : ''}${label ? `  [${label}]` : ''}`];
  for (const step of steps) lines.push(`${step.detail ? '    ' : '  '}${step.text}${step.at ? `  (${step.at})` : ''}`);
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
