/**
 * What a changed file can change in a plain repository. Cross-object findings relate objects of
 * one namespace (selectors, targetPorts, StatefulSet and Ingress backends, duplicates, the closest
 * workload), except the cluster-wide clashes of node ports and cluster IPs. So in a repository
 * without render units, GitOps objects, policies, Gateway API objects or Namespace objects (which
 * relate namespaces to each other), a change can only change the findings of files in the
 * namespaces it touches and of the Services sharing its node ports or cluster IPs. The CLI keeps
 * each file's shape from one run to the next and re-analyses only those files.
 */
import { adminPolicyKinds } from '../policy/admin';
import type { FileAnalysis } from '../record';
import type { IndexedObject } from '../routing';
import { effectiveClusterIPs } from '../rules/serviceShape';
import type { ServiceModel } from '../decode';
import { basenameOf } from '../paths';
import { isKustomizationPath } from './kustomization';

/** What of a file relates it to other files. */
export interface FileShape {
  /** The namespaces its objects are in, after defaulting. */
  readonly namespaces: readonly string[];
  /** Cluster-wide keys its Services hold: `nodePort:N`, `clusterIP:A`. */
  readonly keys: readonly string[];
  readonly objects: number;
  /** It holds an object that relates namespaces or makes units (policy, Gateway API, Namespace, GitOps). */
  readonly wide: boolean;
}

interface ShapedObject {
  readonly kind: string;
  readonly apiVersion: string;
  readonly recognized: string | undefined;
  readonly namespace: string;
  readonly service: ServiceModel | undefined;
  readonly gateway: boolean;
}

function shapeOf(objects: readonly ShapedObject[]): FileShape {
  const namespaces = new Set<string>();
  const keys = new Set<string>();
  let wide = false;
  for (const object of objects) {
    namespaces.add(object.namespace);
    const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
    if (object.recognized === 'NetworkPolicy' || (object.recognized !== undefined && adminPolicyKinds.has(object.recognized)) || object.gateway || (object.kind === 'Namespace' && object.apiVersion === 'v1') || group.endsWith('fluxcd.io') || group.endsWith('argoproj.io')) wide = true;
    // Every port and address a Service writes, whatever its type: a superset of what clashes.
    for (const port of object.service?.ports?.value ?? []) if (port.nodePort?.value) keys.add(`nodePort:${port.nodePort.value}`);
    if (object.service) for (const ip of effectiveClusterIPs(object.service)) if (ip.value !== 'None' && ip.value !== '') keys.add(`clusterIP:${ip.value}`);
  }
  return { namespaces: [...namespaces].sort(), keys: [...keys].sort(), objects: objects.length, wide };
}

/** The shape of a file from the objects an index holds of it. */
export function shapeOfIndexed(objects: readonly IndexedObject[]): FileShape {
  return shapeOf(objects.map((object) => ({ kind: object.object.kind, apiVersion: object.object.apiVersion, recognized: object.object.recognized, namespace: object.namespace, service: object.decoded.service, gateway: object.decoded.gateway !== undefined })));
}

/** The shape of a file from its record, its objects placed in `defaultNamespace` when they name none. */
export function shapeOfRecord(analysis: FileAnalysis, defaultNamespace: string): FileShape {
  return shapeOf(analysis.objects.map((object) => ({ kind: object.kind, apiVersion: object.apiVersion, recognized: object.recognized, namespace: object.namespace || defaultNamespace, service: object.decoded.service, gateway: object.decoded.gateway !== undefined })));
}

/** A file that decides which files form a render unit (a kustomization, a chart's Chart.yaml): a change to it can change which files are plain. */
export function shapesUnits(path: string): boolean {
  return isKustomizationPath(path) || basenameOf(path) === 'Chart.yaml';
}

export interface Shards {
  /** Files whose findings may change: every file with an object in a touched namespace. */
  readonly affected: ReadonlySet<string>;
  /** Files outside those namespaces whose Services share a node port or cluster IP with them: read, their findings kept. */
  readonly context: ReadonlySet<string>;
}

/**
 * The files to analyse again after `changed` files changed (their shapes before and after; a file
 * added has no shape before, one removed none after), given every file's shape now.
 */
export function affectedBy(changed: ReadonlyArray<{ readonly before: FileShape | undefined; readonly after: FileShape | undefined }>, now: ReadonlyMap<string, FileShape>): Shards {
  const byNamespace = new Map<string, string[]>();
  const byKey = new Map<string, string[]>();
  for (const [path, shape] of now) {
    for (const namespace of shape.namespaces) push(byNamespace, namespace, path);
    for (const key of shape.keys) push(byKey, key, path);
  }
  const namespaces = new Set<string>();
  const pending: string[] = [];
  const touch = (namespace: string): void => {
    if (namespaces.has(namespace)) return;
    namespaces.add(namespace);
    pending.push(namespace);
  };
  for (const { before, after } of changed) {
    for (const shape of [before, after]) {
      if (!shape) continue;
      shape.namespaces.forEach(touch);
      // A Service that shares a key with a changed one may gain or lose a clash.
      for (const key of shape.keys) for (const holder of byKey.get(key) ?? []) now.get(holder)!.namespaces.forEach(touch);
    }
  }
  // A file in a touched namespace is analysed whole: its other namespaces are touched too.
  const affected = new Set<string>();
  while (pending.length > 0) {
    for (const path of byNamespace.get(pending.pop()!) ?? []) {
      if (affected.has(path)) continue;
      affected.add(path);
      now.get(path)!.namespaces.forEach(touch);
    }
  }
  // What the affected Services' clashes are computed against.
  const context = new Set<string>();
  for (const path of affected) for (const key of now.get(path)!.keys) for (const holder of byKey.get(key) ?? []) if (!affected.has(holder)) context.add(holder);
  return { affected, context };
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
