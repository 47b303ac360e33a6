/**
 * A Service and its endpoints as kube-proxy sees them on one node, one IP family at a time:
 * the cluster IP of that family, its external IPs, load balancer VIPs and source ranges (other
 * families dropped), node ports, traffic policies, session affinity, and the endpoints of each
 * port from the unit's EndpointSlices, or, when there are none, example endpoints: one per
 * replica of each selected workload, addressed in order from the pod CIDR and spread over two
 * example nodes. Values the manifests leave to the cluster (cluster IP, node ports, Pod IPs)
 * are examples, and every example is listed so that every output can say so.
 */
import type { ServicePortModel } from '../decode';
import type { IpFamily, ParsedIp } from '../ip';
import { parseLegacyCidr, parseLegacyIp } from '../ip';
import { cidrRange, contains, formatAddress } from '../policy/addresses';
import type { IndexedObject } from '../routing';
import { resolvedNumber, resolveTargetPort } from '../routing';
import { matchedWorkloads } from '../rules/crossObject';
import type { WorkspaceQuery } from '../rules/crossObject';
import { effectiveClusterIPs, effectiveProtocol, effectiveType, isHeadless } from '../rules/serviceShape';
import { isMap, isScalar, isSeq } from '../yamlView';
import type { DocumentView, Node } from '../yamlView';
import { sha256 } from './hash';

/** The node kube-proxy runs on and the cluster settings that change its rules. */
export interface ProxyOptions {
  /** The node the rules are computed for (kube-proxy --hostname-override). */
  readonly nodeName: string;
  /** The node's address per family (--node-ip); the IPv6 one is an example unless given. */
  readonly nodeIPs: Readonly<Record<IpFamily, string>>;
  /** kube-proxy --cluster-cidr; empty: no local-traffic detection (kube-proxy's default). */
  readonly clusterCidrs: readonly string[];
  /** kube-proxy --masquerade-all. */
  readonly masqueradeAll: boolean;
  /** kube-proxy --iptables-masquerade-bit (14: mark 0x4000). */
  readonly masqueradeBit: number;
  /** Where example Pod addresses come from, per family. */
  readonly podCidrs: Readonly<Record<IpFamily, string>>;
  /** Where example cluster IPs come from, per family. */
  readonly serviceCidrs: Readonly<Record<IpFamily, string>>;
  /** kube-apiserver --service-node-port-range: where example node ports come from. */
  readonly nodePortRange: { readonly min: number; readonly max: number };
  /** True unless the user named the node: its name and addresses are examples. */
  readonly exampleNode: boolean;
  /** The second example node's name and addresses. */
  readonly otherNode: { readonly name: string; readonly ips: Readonly<Record<IpFamily, string>> };
}

/** A kubeadm cluster's defaults, as kube-proxy would run on its first worker. */
export const defaultProxyOptions: ProxyOptions = {
  nodeName: 'node-1',
  nodeIPs: { IPv4: '192.168.0.10', IPv6: 'fd00::10' },
  clusterCidrs: [],
  masqueradeAll: false,
  masqueradeBit: 14,
  podCidrs: { IPv4: '10.244.0.0/16', IPv6: 'fd00:10:244::/56' },
  serviceCidrs: { IPv4: '10.96.0.0/12', IPv6: 'fd00:10:96::/112' },
  nodePortRange: { min: 30000, max: 32767 },
  exampleNode: true,
  otherNode: { name: 'node-2', ips: { IPv4: '192.168.0.11', IPv6: 'fd00::11' } },
};

export interface ProxyEndpoint {
  readonly ip: string;
  readonly port: number;
  readonly nodeName?: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  /** An example Pod, not an address a manifest wrote. */
  readonly example: boolean;
  /** Where it comes from: `EndpointSlice/web-abc` or `Deployment/web`. */
  readonly source: string;
}

export interface ProxyPort {
  /** The port's name, '' when unnamed. */
  readonly name: string;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  /** 0 when the port has none. */
  readonly nodePort: number;
  readonly nodePortExample: boolean;
  /** The port's endpoints of this family, in kube-proxy's order (by `ip:port` text). */
  readonly endpoints: readonly ProxyEndpoint[];
}

/** One IP family of a Service, as one kube-proxy proxier (iptables, nftables, IPVS) sees it. */
export interface ProxyService {
  readonly namespace: string;
  readonly name: string;
  readonly family: IpFamily;
  readonly clusterIP: string;
  readonly clusterIPExample: boolean;
  readonly externalIPs: readonly string[];
  readonly loadBalancerVIPs: readonly string[];
  readonly loadBalancerSourceRanges: readonly string[];
  readonly externalPolicyLocal: boolean;
  readonly internalPolicyLocal: boolean;
  /** 0 when the Service has no session affinity; otherwise the ClientIP timeout in seconds. */
  readonly affinitySeconds: number;
  readonly healthCheckNodePort: number;
  readonly healthCheckNodePortExample: boolean;
  readonly ports: readonly ProxyPort[];
}

/** What kube-proxy gets to see of a Service: nothing for headless and ExternalName Services. */
export type ProxyInput =
  | { readonly kind: 'proxied'; readonly families: readonly ProxyService[]; readonly examples: readonly string[] }
  | { readonly kind: 'not-proxied'; readonly reason: string };

/** The Service's proxied view, families in the order of its clusterIPs. */
export function proxyInput(query: WorkspaceQuery, indexed: IndexedObject, options: ProxyOptions = defaultProxyOptions): ProxyInput {
  const model = indexed.decoded.service;
  if (!model) return { kind: 'not-proxied', reason: 'the object is not a Service kube-proxy can read' };
  const type = effectiveType(model);
  if (type === 'ExternalName') return { kind: 'not-proxied', reason: 'an ExternalName Service has no cluster IP: the cluster DNS answers with a CNAME and kube-proxy programs nothing' };
  if (isHeadless(model)) return { kind: 'not-proxied', reason: 'a headless Service (clusterIP: None) has no cluster IP: the cluster DNS answers with the Pod addresses and kube-proxy programs nothing' };
  const name = indexed.object.name ?? '';
  const key = `${indexed.namespace}/${name}`;
  const examples: string[] = [];
  const clusterIPs = serviceClusterIPs(effectiveClusterIPs(model).map((ip) => ip.value), model.ipFamilies?.value.map((family) => family.value) ?? [], model.ipFamilyPolicy?.value, key, options);
  for (const ip of clusterIPs) if (ip.example) examples.push(`cluster IP ${ip.address} (allocated by the API server from ${options.serviceCidrs[ip.family]})`);
  const view = indexed.object.view;
  const status = readPlain(view, indexed.object.root, ['status', 'loadBalancer', 'ingress']);
  const ingress = Array.isArray(status) ? status.filter(isRecord) : [];
  const externalPolicyLocal = (type === 'NodePort' || type === 'LoadBalancer') && model.externalTrafficPolicy?.value === 'Local';
  const allocateNodePorts = type === 'NodePort' || (type === 'LoadBalancer' && model.allocateLoadBalancerNodePorts?.value !== false);
  // kube-proxy serves (and opens) a health check node port only for a LoadBalancer with policy Local.
  let healthCheckNodePort = type === 'LoadBalancer' && externalPolicyLocal ? (model.healthCheckNodePort?.value ?? 0) : 0;
  let healthCheckNodePortExample = false;
  if (type === 'LoadBalancer' && externalPolicyLocal && !healthCheckNodePort) {
    healthCheckNodePort = exampleNodePort(`${key}#health`, options.nodePortRange);
    healthCheckNodePortExample = true;
    examples.push(`health check node port ${healthCheckNodePort} (allocated by the API server)`);
  }
  const slices = endpointSlicesOf(query, indexed);
  const modelPorts = model.ports?.value ?? [];
  const nodePorts = modelPorts.map((port) => {
    const given = port.nodePort?.value ?? 0;
    if (given || !allocateNodePorts) return { nodePort: given, example: false };
    const allocated = exampleNodePort(`${key}:${port.name?.value ?? ''}:${effectiveProtocol(port)}:${port.port?.value ?? ''}`, options.nodePortRange);
    examples.push(`node port ${allocated} of port ${port.name?.value || port.port?.value} (allocated by the API server)`);
    return { nodePort: allocated, example: true };
  });
  const workloads = slices.length > 0 ? [] : matchedWorkloads(query, indexed);
  const families = clusterIPs.map((clusterIP): ProxyService => {
    const family = clusterIP.family;
    const pods = slices.length > 0 ? [] : examplePods(workloads, family, options);
    const ports = modelPorts.flatMap((port, index): ProxyPort[] => {
      if (port.port?.value === undefined) return [];
      const protocol = effectiveProtocol(port);
      const endpoints = slices.length > 0 ? sliceEndpoints(slices, port, family) : podEndpoints(pods, port);
      return [{ name: port.name?.value ?? '', port: port.port.value, protocol: protocol === 'UDP' || protocol === 'SCTP' ? protocol : 'TCP', nodePort: nodePorts[index].nodePort, nodePortExample: nodePorts[index].example, endpoints: sortEndpoints(endpoints) }];
    });
    return {
      namespace: indexed.namespace,
      name,
      family,
      clusterIP: clusterIP.address,
      clusterIPExample: clusterIP.example,
      externalIPs: addressesOf(model.externalIPs?.value.map((ip) => ip.value) ?? [], family),
      loadBalancerVIPs: addressesOf(ingress.filter((entry) => entry.ipMode !== 'Proxy').map((entry) => (typeof entry.ip === 'string' ? entry.ip : '')), family),
      loadBalancerSourceRanges: (model.loadBalancerSourceRanges?.value ?? []).flatMap((range) => {
        const cidr = parseLegacyCidr(range.value.trim());
        return cidr && cidr.family === family ? [cidrText(cidr.address.toByteArray(), cidr.prefixLength, family)] : [];
      }),
      externalPolicyLocal,
      internalPolicyLocal: model.internalTrafficPolicy?.value === 'Local',
      affinitySeconds: model.sessionAffinity?.value === 'ClientIP' ? model.affinityTimeoutSeconds?.value || 10800 : 0,
      healthCheckNodePort,
      healthCheckNodePortExample,
      ports,
    };
  });
  if (slices.length === 0) {
    for (const family of families) {
      const seen = new Set<string>();
      for (const port of family.ports) {
        for (const endpoint of port.endpoints) {
          if (seen.has(endpoint.ip)) continue;
          seen.add(endpoint.ip);
          examples.push(`Pod IP ${endpoint.ip} (${endpoint.source} on ${endpoint.nodeName})`);
        }
      }
    }
  }
  if (options.exampleNode) examples.push(`node ${options.nodeName} at ${families.map((family) => options.nodeIPs[family.family]).join(', ') || options.nodeIPs.IPv4}`);
  return { kind: 'proxied', families, examples };
}

/** `ip:port`, IPv6 in brackets, as kube-proxy writes an endpoint. */
export function endpointText(endpoint: { readonly ip: string; readonly port: number }): string {
  return endpoint.ip.includes(':') ? `[${endpoint.ip}]:${endpoint.port}` : `${endpoint.ip}:${endpoint.port}`;
}

/** `namespace/name:port`, or `namespace/name` for an unnamed port: kube-proxy's ServicePortName. */
export function portNameText(service: ProxyService, port: ProxyPort): string {
  return `${service.namespace}/${service.name}${port.name ? `:${port.name}` : ''}`;
}

/** The cluster CIDR of `family` among kube-proxy's --cluster-cidr values: local-traffic detection. */
export function localCidr(clusterCidrs: readonly string[], family: IpFamily): string | undefined {
  return clusterCidrs.find((cidr) => cidr.includes(':') === (family === 'IPv6'));
}

/** True when the address `ip` lies inside the CIDR `range`. */
export function addressInRange(ip: string, range: string): boolean {
  const outer = cidrRange(range);
  const inner = cidrRange(`${ip}/${ip.includes(':') ? 128 : 32}`);
  return outer !== undefined && inner !== undefined && contains(outer, inner);
}

/** A stable example node port in `range` (30000-32767 by default) for `key`. */
export function exampleNodePort(key: string, range: { readonly min: number; readonly max: number } = { min: 30000, max: 32767 }): number {
  const digest = sha256(key);
  return range.min + (((digest[0] << 8) | digest[1]) % (range.max - range.min + 1));
}

/** The proxy options of analysis settings: their service CIDRs and node port range. */
export function proxyOptionsFor(settings: { readonly serviceCidrs: readonly string[]; readonly nodePortRange: { readonly min: number; readonly max: number } }, base: ProxyOptions = defaultProxyOptions): ProxyOptions {
  const serviceCidrs = { ...base.serviceCidrs };
  for (const cidr of settings.serviceCidrs) {
    const family = parseLegacyCidr(cidr)?.family;
    if (family) serviceCidrs[family] = cidr;
  }
  return { ...base, serviceCidrs, nodePortRange: settings.nodePortRange };
}

interface ClusterIP {
  readonly family: IpFamily;
  readonly address: string;
  readonly example: boolean;
}

function serviceClusterIPs(written: readonly string[], families: readonly string[], policy: string | undefined, key: string, options: ProxyOptions): ClusterIP[] {
  const result: ClusterIP[] = [];
  for (const text of written.slice(0, 2)) {
    const ip = parseLegacyIp(text.trim());
    // kube-proxy reads addresses as Go's old parser did: 010.0.0.1 is 10.0.0.1.
    if (ip && !result.some((other) => other.family === ip.family)) result.push({ family: ip.family, address: addressText(ip), example: false });
  }
  const wanted: IpFamily[] = families.filter((family): family is IpFamily => family === 'IPv4' || family === 'IPv6').slice(0, 2);
  if (wanted.length === 0) wanted.push(result[0]?.family ?? 'IPv4');
  if (policy === 'RequireDualStack' && wanted.length === 1) wanted.push(wanted[0] === 'IPv4' ? 'IPv6' : 'IPv4');
  for (const family of wanted) {
    if (result.some((ip) => ip.family === family)) continue;
    if (written.length > 0 && policy !== 'RequireDualStack' && families.length < 2) continue;
    result.push({ family, address: exampleAddress(options.serviceCidrs[family], key, 2), example: true });
  }
  return result;
}

/**
 * A stable example address of `cidr` picked by `key`, never one of its first `skip` addresses
 * (the network address; .1 is the kubernetes Service) nor its last.
 */
export function exampleAddress(cidr: string, key: string, skip: number): string {
  const parsed = parseLegacyCidr(cidr);
  if (!parsed) return '';
  const family = parsed.family;
  const width = family === 'IPv4' ? 32 : 128;
  const size = 1n << BigInt(width - parsed.prefixLength);
  const digest = sha256(key);
  const hash = BigInt(((digest[0] << 16) | (digest[1] << 8) | digest[2]) >>> 0);
  const span = size - BigInt(skip) - 1n;
  const offset = span > 0n ? BigInt(skip) + (hash % span) : 0n;
  return formatAddress(family, networkOf(parsed.address.toByteArray(), parsed.prefixLength, width) + offset);
}

/** The `index`-th address after the network address of `cidr` (1 is the first usable). */
export function nthAddress(cidr: string, index: number): string | undefined {
  const parsed = parseLegacyCidr(cidr);
  if (!parsed) return undefined;
  const width = parsed.family === 'IPv4' ? 32 : 128;
  const size = 1n << BigInt(width - parsed.prefixLength);
  if (BigInt(index) >= size) return undefined;
  return formatAddress(parsed.family, networkOf(parsed.address.toByteArray(), parsed.prefixLength, width) + BigInt(index));
}

function networkOf(bytes: number[], prefix: number, width: number): bigint {
  const value = bytes.reduce((total, byte) => (total << 8n) | BigInt(byte), 0n);
  const hostBits = BigInt(width - prefix);
  return (value >> hostBits) << hostBits;
}

function cidrText(bytes: number[], prefix: number, family: IpFamily): string {
  return `${formatAddress(family, networkOf(bytes, prefix, family === 'IPv4' ? 32 : 128))}/${prefix}`;
}

function addressText(ip: ParsedIp): string {
  return formatAddress(ip.family, ip.address.toByteArray().reduce((total, byte) => (total << 8n) | BigInt(byte), 0n));
}

/** The addresses of `texts` that parse and belong to `family`, canonical, duplicates kept as kube-proxy keeps them. */
function addressesOf(texts: readonly string[], family: IpFamily): string[] {
  return texts.flatMap((text) => {
    const ip = parseLegacyIp(text.trim());
    return ip && ip.family === family ? [addressText(ip)] : [];
  });
}

/** kube-proxy's order: by the `ip:port` text; the same endpoint twice is kept once. */
function sortEndpoints(endpoints: readonly ProxyEndpoint[]): ProxyEndpoint[] {
  const unique = new Map<string, ProxyEndpoint>();
  for (const endpoint of endpoints) if (!unique.has(endpointText(endpoint))) unique.set(endpointText(endpoint), endpoint);
  return [...unique.values()].sort((left, right) => (endpointText(left) < endpointText(right) ? -1 : endpointText(left) > endpointText(right) ? 1 : 0));
}

// EndpointSlices --------------------------------------------------------------------------------

interface Slice {
  readonly name: string;
  readonly addressType: string;
  readonly endpoints: readonly Record<string, unknown>[];
  readonly ports: readonly Record<string, unknown>[];
}

/** The unit's EndpointSlices of the Service: same namespace, `kubernetes.io/service-name` label. */
function endpointSlicesOf(query: WorkspaceQuery, service: IndexedObject): Slice[] {
  const slices: Slice[] = [];
  for (const candidate of query.endpointObjectsIn(service.namespace)) {
    if (candidate.object.recognized !== 'EndpointSlice') continue;
    const view = candidate.object.view;
    const label = readPlain(view, candidate.object.root, ['metadata', 'labels', 'kubernetes.io/service-name']);
    if (label !== service.object.name) continue;
    const plain = readPlain(view, candidate.object.root, []);
    if (!isRecord(plain)) continue;
    slices.push({
      name: candidate.object.name ?? '',
      addressType: typeof plain.addressType === 'string' ? plain.addressType : '',
      endpoints: Array.isArray(plain.endpoints) ? plain.endpoints.filter(isRecord) : [],
      ports: Array.isArray(plain.ports) ? plain.ports.filter(isRecord) : [],
    });
  }
  return slices;
}

/** An address of a Service's EndpointSlices, for its DNS records. */
export interface SliceAddress {
  readonly ip: string;
  readonly family: IpFamily;
  readonly hostname?: string;
  readonly ready: boolean;
  /** The ports of its slice (the Pods' ports, by the Service port's name): what SRV records carry. */
  readonly ports: ReadonlyArray<{ readonly name: string; readonly port: number; readonly protocol: string }>;
}

/** The addresses the Service's EndpointSlices list (first address of each endpoint), or undefined without slices. */
export function sliceAddresses(query: WorkspaceQuery, service: IndexedObject): SliceAddress[] | undefined {
  const slices = endpointSlicesOf(query, service);
  if (slices.length === 0) return undefined;
  const result: SliceAddress[] = [];
  for (const slice of slices) {
    for (const endpoint of slice.endpoints) {
      const addresses = Array.isArray(endpoint.addresses) ? endpoint.addresses : [];
      const ip = typeof addresses[0] === 'string' ? parseLegacyIp(addresses[0]) : undefined;
      if (!ip || (slice.addressType !== ip.family)) continue;
      const conditions = isRecord(endpoint.conditions) ? endpoint.conditions : {};
      const ports = slice.ports.flatMap((entry) => (typeof entry.port === 'number' ? [{ name: typeof entry.name === 'string' ? entry.name : '', port: entry.port, protocol: typeof entry.protocol === 'string' ? entry.protocol : 'TCP' }] : []));
      result.push({ ip: addressText(ip), family: ip.family, ...(typeof endpoint.hostname === 'string' && endpoint.hostname ? { hostname: endpoint.hostname } : {}), ready: conditions.ready !== false, ports });
    }
  }
  return result;
}

/** The endpoints of `port` in the slices of `family`: matched by port name and protocol. */
function sliceEndpoints(slices: readonly Slice[], port: ServicePortModel, family: IpFamily): ProxyEndpoint[] {
  const name = port.name?.value ?? '';
  const protocol = effectiveProtocol(port);
  const result: ProxyEndpoint[] = [];
  for (const slice of slices) {
    if (slice.addressType !== family) continue;
    const match = slice.ports.find((candidate) => (typeof candidate.name === 'string' ? candidate.name : '') === name && (typeof candidate.protocol === 'string' ? candidate.protocol : 'TCP') === protocol);
    const number = match && typeof match.port === 'number' ? match.port : undefined;
    if (number === undefined) continue;
    for (const endpoint of slice.endpoints) {
      const addresses = Array.isArray(endpoint.addresses) ? endpoint.addresses : [];
      // kube-proxy uses the first address of an endpoint only.
      const ip = typeof addresses[0] === 'string' ? parseLegacyIp(addresses[0]) : undefined;
      if (!ip || ip.family !== family) continue;
      const conditions = isRecord(endpoint.conditions) ? endpoint.conditions : {};
      const ready = conditions.ready !== false;
      const serving = typeof conditions.serving === 'boolean' ? conditions.serving : ready;
      result.push({
        ip: addressText(ip),
        port: number,
        nodeName: typeof endpoint.nodeName === 'string' ? endpoint.nodeName : undefined,
        ready,
        serving,
        terminating: conditions.terminating === true,
        example: false,
        source: `EndpointSlice/${slice.name}`,
      });
    }
  }
  return result;
}

// Example Pods ----------------------------------------------------------------------------------

/** One example Pod of a selected workload. */
export interface ExamplePod {
  readonly ip: string;
  readonly nodeName: string;
  readonly workload: IndexedObject;
  readonly ordinal: number;
}

/** At most this many example Pods per workload. */
const maxExamplePods = 16;

/** One example Pod per replica of each workload, addressed in order from the pod CIDR, alternating nodes. */
export function examplePods(workloads: readonly IndexedObject[], family: IpFamily, options: ProxyOptions): ExamplePod[] {
  const pods: ExamplePod[] = [];
  const nodes = [options.nodeName, options.otherNode.name];
  for (const workload of workloads) {
    const replicas = Math.min(replicaCount(workload), maxExamplePods);
    for (let ordinal = 0; ordinal < replicas; ordinal++) {
      const ip = nthAddress(options.podCidrs[family], pods.length + 1);
      if (!ip) return pods;
      pods.push({ ip, nodeName: nodes[pods.length % 2], workload, ordinal });
    }
  }
  return pods;
}

/** How many Pods a workload runs, as far as the manifest says (a DaemonSet or a Job: one here). */
export function replicaCount(workload: IndexedObject): number {
  const replicas = workload.decoded.workload?.replicas?.value;
  return typeof replicas === 'number' && replicas >= 0 ? replicas : 1;
}

/** The example Pods' endpoints of `port`: the container port its targetPort resolves to. */
function podEndpoints(pods: readonly ExamplePod[], port: ServicePortModel): ProxyEndpoint[] {
  const result: ProxyEndpoint[] = [];
  for (const pod of pods) {
    const resolution = resolveTargetPort(port, pod.workload);
    // The EndpointSlice controller leaves out a Pod whose container has no port of that name.
    const number = resolution.kind === 'unresolved' ? undefined : resolvedNumber(resolution);
    if (number === undefined) continue;
    result.push({ ip: pod.ip, port: number, nodeName: pod.nodeName, ready: true, serving: true, terminating: false, example: true, source: `${pod.workload.object.kind}/${pod.workload.object.name ?? ''}` });
  }
  return result;
}

// Plain values ----------------------------------------------------------------------------------

const maxPlainDepth = 12;
const maxPlainItems = 10_000;

/** The value at `path` under `root` as plain data (aliases followed, merge keys applied), bounded. */
function readPlain(view: DocumentView, root: Node | null, path: readonly string[]): unknown {
  let node = view.deref(root);
  for (const key of path) {
    if (!isMap(node)) return undefined;
    node = view.deref(view.get(node, key)?.value ?? null);
  }
  const budget = { items: maxPlainItems };
  return toPlain(view, node, 0, budget);
}

function toPlain(view: DocumentView, node: Node | null, depth: number, budget: { items: number }): unknown {
  if (node === null || depth > maxPlainDepth || budget.items-- <= 0) return undefined;
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.map((item) => toPlain(view, view.deref(item), depth + 1, budget));
  if (isMap(node)) {
    const result: Record<string, unknown> = {};
    for (const entry of view.entries(node)) result[entry.key] = toPlain(view, view.deref(entry.value), depth + 1, budget);
    return result;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
