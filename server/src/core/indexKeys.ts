/**
 * What the workspace index files an object under (its secondary keys), read from its model once.
 * A file's record keeps them beside the model, so an index built from records places every object
 * without reading its model: a model is then read only when a rule, a feature or a route needs it.
 */
import type { DecodedObject } from './rules/registry';
import { effectiveClusterIPs, effectiveType } from './rules/serviceShape';

export interface LabelPair {
  readonly key: string;
  readonly value: string;
}

export interface IndexKeys {
  /** A Service's type after defaulting; absent for other objects. */
  readonly serviceType?: string;
  /** A Service's selector pairs. */
  readonly selector?: readonly LabelPair[];
  /** Every non-zero nodePort a Service writes, whatever its type. */
  readonly nodePorts?: readonly number[];
  /** A Service's cluster IPs after defaulting (`clusterIPs`, else `clusterIP`), "None" included. */
  readonly clusterIps?: readonly string[];
  /** An object with a Pod template: the template's labels. */
  readonly templateLabels?: readonly LabelPair[];
  /** A workload's serviceName. */
  readonly serviceName?: string;
  /** An Ingress: the Service name of each backend that names one. */
  readonly backends?: readonly string[];
  /** A Gateway API object the gateway rules read. */
  readonly gateway?: true;
}

/** The index keys of a model (absent fields are left out, so a record stays small). */
export function indexKeys(decoded: DecodedObject): IndexKeys {
  const keys: { -readonly [K in keyof IndexKeys]: IndexKeys[K] } = {};
  const service = decoded.service;
  if (service) {
    keys.serviceType = effectiveType(service);
    keys.selector = (service.selector?.value ?? []).map(({ key, value }) => ({ key, value }));
    const nodePorts = (service.ports?.value ?? []).flatMap((port) => (port.nodePort?.value ? [port.nodePort.value] : []));
    if (nodePorts.length > 0) keys.nodePorts = nodePorts;
    const ips = effectiveClusterIPs(service).map((ip) => ip.value);
    if (ips.length > 0) keys.clusterIps = ips;
  }
  if (decoded.template) keys.templateLabels = (decoded.template.labels?.value ?? []).map(({ key, value }) => ({ key, value }));
  const serviceName = decoded.workload?.serviceName?.value;
  if (serviceName !== undefined) keys.serviceName = serviceName;
  const backends = (decoded.ingressBackends ?? []).flatMap((backend) => (backend.serviceName?.value !== undefined ? [backend.serviceName.value] : []));
  if (backends.length > 0) keys.backends = backends;
  if (decoded.gateway) keys.gateway = true;
  return keys;
}

const computed = new WeakMap<object, IndexKeys>();

/** An object's index keys: those recorded with it, else read from its model (once per object). */
export function keysOf(object: { readonly keys?: IndexKeys; readonly decoded: DecodedObject }): IndexKeys {
  if (object.keys) return object.keys;
  let keys = computed.get(object);
  if (!keys) computed.set(object, (keys = indexKeys(object.decoded)));
  return keys;
}
