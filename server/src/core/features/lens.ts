/**
 * The summary shown above each Service: where its traffic goes, in one line, e.g.
 * `→ Deployment/web × 3 · 80→http(8080)`; the host adds a "Show route" action beside it.
 */
import type { Span } from '../model';
import { resolveTargetPort, shortName } from '../routing';
import type { IndexedObject } from '../routing';
import { matchedWorkloads } from '../rules/crossObject';
import { effectiveTargetPort, effectiveType, isHeadless } from '../rules/serviceShape';
import type { WorkspaceIndex } from '../workspace';
import { replicaText } from './route';

export interface ServiceLens {
  readonly service: IndexedObject;
  readonly span: Span;
  readonly summary: string;
}

export function serviceLenses(index: WorkspaceIndex, file: string): ServiceLens[] {
  return index
    .objects(file)
    .filter((object) => object.object.recognized === 'Service' && object.decoded.service)
    .map((service) => ({ service, span: service.object.anchorSpan, summary: summarize(index, service) }));
}

function summarize(index: WorkspaceIndex, service: IndexedObject): string {
  const model = service.decoded.service!;
  if (effectiveType(model) === 'ExternalName') return `→ CNAME ${model.externalName?.value ?? '?'}`;
  if ((model.selector?.value.length ?? 0) === 0) return '→ endpoints written by hand (no selector)';
  const workloads = matchedWorkloads(index, service);
  if (workloads.length === 0) return '→ no matching Pods';
  const targets = workloads.map((workload) => `${shortName(workload)} ${replicaText(workload)}`).join(', ');
  const ports = (model.ports?.value ?? []).map((port) => {
    const target = effectiveTargetPort(port);
    const numbers = new Set<string>();
    for (const workload of workloads) {
      const resolution = resolveTargetPort(port, workload);
      numbers.add(resolution.kind === 'resolved' ? String(resolution.port.number) : resolution.kind === 'unresolved' ? '✗' : String(target));
    }
    const resolved = [...numbers].join('|');
    return typeof target === 'string' ? `${port.port?.value ?? '?'}→${target}(${resolved})` : `${port.port?.value ?? '?'}→${resolved}`;
  });
  return `→ ${targets}${isHeadless(model) ? ' (headless)' : ''}${ports.length > 0 ? ` · ${ports.join(', ')}` : ''}`;
}
