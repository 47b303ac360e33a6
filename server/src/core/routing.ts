/**
 * How Kubernetes connects a Service to Pods, as plain functions over indexed objects: selector
 * matching against pod template labels (never the workload's own labels), and resolving a
 * targetPort in one workload by name and protocol, over its containers and native sidecars.
 * The cross-object rules and the route model both use these, so they always agree.
 */
import type { ContainerPortModel, PodTemplateModel, ServicePortModel, StringPairs } from './decode';
import type { Finding } from './model';
import type { KubeObject } from './parse';
import type { DecodedObject } from './rules/registry';
import { effectiveProtocol, effectiveTargetPort } from './rules/serviceShape';
import type { IndexKeys, LabelPair } from './indexKeys';

/** A recognised object placed in the workspace, with its effective namespace. */
export interface IndexedObject {
  readonly object: KubeObject;
  readonly decoded: DecodedObject;
  /** metadata.namespace, or the kustomization's, or the default namespace. */
  readonly namespace: string;
  /** `Kind/namespace/name`. */
  readonly id: string;
  readonly file: string;
  /** The object's single-object findings (disabled rules already removed). */
  readonly findings: readonly Finding[];
  /** Its index keys as recorded with it (indexKeys.ts); absent, they are read from `decoded`. */
  readonly keys?: IndexKeys;
}

/** A container port as a Service sees it: after protocol defaulting, with where it is declared. */
export interface DeclaredPort {
  readonly container: string;
  readonly name: string | undefined;
  readonly number: number;
  readonly protocol: string;
  /** True for an init container with restartPolicy Always (a native sidecar). */
  readonly sidecar: boolean;
  readonly model: ContainerPortModel;
}

export function templateOf(indexed: IndexedObject): PodTemplateModel | undefined {
  return indexed.decoded.template;
}

export function templateLabels(indexed: IndexedObject): StringPairs {
  return indexed.decoded.template?.labels?.value ?? [];
}

/**
 * A Service selector's pairs all held by a label map (a workload's labels as policies see them,
 * the labels an operator gives its Pods). An empty selector holds nothing, as in `selectorMatches`.
 */
export function selectorHolds(selector: StringPairs, labels: ReadonlyMap<string, string>): boolean {
  return selector.length > 0 && selector.every((pair) => labels.get(pair.key) === pair.value);
}

/** Every selector pair is present in the labels (extra labels are fine). An empty selector matches nothing here. */
export function selectorMatches(selector: readonly LabelPair[], labels: readonly LabelPair[]): boolean {
  if (selector.length === 0) return false;
  return selector.every((pair) => labels.some((label) => label.key === pair.key && label.value === pair.value));
}

/**
 * How close labels come to a selector, for naming the closest candidate: an exact pair counts
 * most, then the same key with a similar value (one contains the other, as web and web-v2), then
 * the same key with any value.
 */
export function matchScore(selector: StringPairs, labels: StringPairs): number {
  let score = 0;
  for (const pair of selector) {
    const label = labels.find((candidate) => candidate.key === pair.key);
    if (!label) continue;
    if (label.value === pair.value) score += 4;
    else if (label.value !== '' && pair.value !== '' && (label.value.includes(pair.value) || pair.value.includes(label.value))) score += 2;
    else score += 1;
  }
  return score;
}

/** The ports the Pods of a workload declare: regular containers and native sidecars. */
export function declaredPorts(indexed: IndexedObject): DeclaredPort[] {
  const ports: DeclaredPort[] = [];
  for (const container of indexed.decoded.template?.spec?.containers ?? []) {
    const sidecar = container.group === 'initContainers' && container.restartPolicy?.value === 'Always';
    if (container.group !== 'containers' && !sidecar) continue;
    for (const port of container.ports?.value ?? []) {
      const number = port.containerPort?.value;
      if (number === undefined) continue;
      ports.push({ container: container.name?.value ?? `#${container.index}`, name: port.name?.value || undefined, number, protocol: port.protocol?.value || 'TCP', sidecar, model: port });
    }
  }
  return ports;
}

export type Resolution =
  | { readonly kind: 'resolved'; readonly port: DeclaredPort }
  /** A number that no container declares: traffic still arrives if a process listens on it. */
  | { readonly kind: 'undeclared'; readonly number: number; readonly declared: readonly DeclaredPort[] }
  /** A number declared only with another protocol. */
  | { readonly kind: 'protocol-mismatch'; readonly number: number; readonly declared: DeclaredPort }
  /** A name no container port of this protocol has: traffic cannot arrive. */
  | { readonly kind: 'unresolved'; readonly name: string; readonly declared: readonly DeclaredPort[]; readonly otherProtocol?: DeclaredPort }
  | { readonly kind: 'unknown' };

/** Resolves a Service port's targetPort in one workload, as kube-proxy does for each Pod. */
export function resolveTargetPort(port: ServicePortModel, workload: IndexedObject): Resolution {
  const target = effectiveTargetPort(port);
  const protocol = effectiveProtocol(port);
  const declared = declaredPorts(workload);
  if (target === undefined) return { kind: 'unknown' };
  if (typeof target === 'string') {
    const match = declared.find((candidate) => candidate.name === target && candidate.protocol === protocol);
    if (match) return { kind: 'resolved', port: match };
    const otherProtocol = declared.find((candidate) => candidate.name === target);
    return { kind: 'unresolved', name: target, declared, otherProtocol };
  }
  const sameNumber = declared.filter((candidate) => candidate.number === target);
  const exact = sameNumber.find((candidate) => candidate.protocol === protocol);
  if (exact) return { kind: 'resolved', port: exact };
  if (sameNumber.length > 0) return { kind: 'protocol-mismatch', number: target, declared: sameNumber[0] };
  return { kind: 'undeclared', number: target, declared };
}

/** The Pod port a resolution lands on: the declared port, or the number when none declares it. */
export function resolvedNumber(resolution: Resolution): number | undefined {
  if (resolution.kind === 'resolved') return resolution.port.number;
  if (resolution.kind === 'undeclared' || resolution.kind === 'protocol-mismatch') return resolution.number;
  return undefined;
}

/** Label pairs as a plain record, for the typed data of findings. */
export function pairsToRecord(pairs: StringPairs): Record<string, string> {
  return Object.fromEntries(pairs.map((pair) => [pair.key, pair.value]));
}

export function formatPairs(pairs: StringPairs): string {
  return pairs.map((pair) => `${pair.key}=${pair.value}`).join(', ');
}

/** `Kind/name`, the short form messages use for objects in the same namespace. */
export function shortName(indexed: IndexedObject): string {
  return `${indexed.object.kind}/${indexed.object.name ?? ''}`;
}
