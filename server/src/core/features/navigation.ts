/**
 * Go to definition and find references across the Service ↔ Pod link: from a Service's selector
 * to the template labels it matches, from a named targetPort to the container port names it
 * resolves to, and back from template labels and container port names to the Services using them.
 */
import type { Span } from '../model';
import { resolveTargetPort, templateLabels } from '../routing';
import { matchedWorkloads, servicesSelecting } from '../rules/crossObject';
import type { WorkspaceIndex } from '../workspace';
import { locateAt } from './locate';
import { gatewayDefinitions, gatewayReferences } from '../gateway/features';

export interface NavigationTarget {
  readonly file: string;
  readonly span: Span;
}

/** Targets in a stable order: by file, then position. */
function sorted(targets: NavigationTarget[]): NavigationTarget[] {
  return targets.sort((left, right) => (left.file < right.file ? -1 : left.file > right.file ? 1 : left.span.start - right.span.start));
}

export function definitionAt(index: WorkspaceIndex, file: string, offset: number): NavigationTarget[] {
  return sorted(findDefinitions(index, file, offset));
}

export function referencesAt(index: WorkspaceIndex, file: string, offset: number): NavigationTarget[] {
  return sorted(findReferences(index, file, offset));
}

function findDefinitions(index: WorkspaceIndex, file: string, offset: number): NavigationTarget[] {
  const location = locateAt(index, file, offset);
  if (location?.object.decoded.gateway) return gatewayDefinitions(index, location);
  if (!location || location.object.object.recognized !== 'Service') return [];
  const service = location.object;
  const [first, second, third, fourth] = location.segments;
  if (first !== 'spec') return [];
  if (second === 'selector') {
    const key = typeof third === 'string' ? third : undefined;
    return matchedWorkloads(index, service).flatMap((workload) => {
      const labels = templateLabels(workload).filter((label) => key === undefined || label.key === key);
      if (labels.length === 0) return [{ file: workload.file, span: workload.decoded.template?.labels?.span ?? workload.object.anchorSpan }];
      return labels.map((label) => ({ file: workload.file, span: label.keySpan }));
    });
  }
  if (second === 'ports' && typeof third === 'number' && fourth === 'targetPort') {
    const port = service.decoded.service?.ports?.value.find((candidate) => candidate.index === third);
    if (!port) return [];
    return matchedWorkloads(index, service).flatMap((workload) => {
      const resolution = resolveTargetPort(port, workload);
      if (resolution.kind !== 'resolved') return [];
      const model = resolution.port.model;
      return [{ file: workload.file, span: model.name?.span ?? model.containerPort?.span ?? model.span }];
    });
  }
  return [];
}

function findReferences(index: WorkspaceIndex, file: string, offset: number): NavigationTarget[] {
  const location = locateAt(index, file, offset);
  // Routes that attach to a Gateway listener, or send traffic to a Service (port).
  const fromRoutes = location ? gatewayReferences(index, location) : [];
  if (fromRoutes.length > 0 || location?.object.decoded.gateway) return fromRoutes;
  const workload = location?.object;
  const template = workload?.decoded.template;
  if (!location || !workload || !template) return [];
  const prefix = template.path === '' ? [] : template.path.split('.');
  if (!prefix.every((segment, position) => location.segments[position] === segment)) return [];
  const rest = location.segments.slice(prefix.length);
  const services = servicesSelecting(index, workload);
  if (rest[0] === 'metadata' && rest[1] === 'labels') {
    const key = typeof rest[2] === 'string' ? rest[2] : undefined;
    return services.flatMap((service) => {
      const pairs = (service.decoded.service?.selector?.value ?? []).filter((pair) => key === undefined || pair.key === key);
      return pairs.map((pair) => ({ file: service.file, span: pair.keySpan }));
    });
  }
  if (rest[0] === 'spec' && (rest[1] === 'containers' || rest[1] === 'initContainers') && rest[3] === 'ports' && typeof rest[4] === 'number') {
    const container = template.spec?.containers.find((candidate) => candidate.group === rest[1] && candidate.index === rest[2]);
    const port = container?.ports?.value.find((candidate) => candidate.index === rest[4]);
    if (!port) return [];
    return services.flatMap((service) =>
      (service.decoded.service?.ports?.value ?? []).flatMap((servicePort) => {
        const resolution = resolveTargetPort(servicePort, workload);
        if (resolution.kind !== 'resolved' || resolution.port.model !== port) return [];
        return [{ file: service.file, span: servicePort.targetPort?.span ?? servicePort.port?.span ?? servicePort.span }];
      }),
    );
  }
  return [];
}
