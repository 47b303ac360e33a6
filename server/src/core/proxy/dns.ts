/**
 * The records the cluster DNS (CoreDNS, following the Kubernetes DNS specification) serves for a
 * Service: `<service>.<namespace>.svc.<zone>` to the cluster IP (A or AAAA), an SRV record per
 * named port, for a headless Service one address per ready Pod (StatefulSet Pods and Pods with a
 * hostname also by name) and SRV records per named endpoint port (the Pods' port numbers, from the
 * EndpointSlices, as CoreDNS builds them), and a CNAME for ExternalName. Pod addresses are not known before the
 * Pods run: example addresses from the pod CIDR stand in for them, marked as examples, as does an
 * example cluster IP when the manifest leaves it to the allocator.
 */
import { resolvedNumber, resolveTargetPort } from '../routing';
import type { IndexedObject } from '../routing';
import { effectiveClusterIPs, effectiveProtocol, effectiveType, isHeadless } from '../rules/serviceShape';
import { parseLegacyCidr, parseLegacyIp } from '../ip';
import { isMap, isScalar } from '../yamlView';
import { defaultProxyOptions, exampleAddress, examplePods as proxyExamplePods } from './service';
import type { SliceAddress } from './service';

export interface DnsRecord {
  readonly name: string;
  readonly type: 'A' | 'AAAA' | 'SRV' | 'CNAME';
  readonly value: string;
  /** The value is an example (an allocated cluster IP, a Pod IP), not one the manifests fix. */
  readonly example?: boolean;
}

export interface DnsOptions {
  /** The cluster domain, `cluster.local` unless the cluster says otherwise. */
  readonly clusterDomain: string;
  /** Where example Pod addresses come from. */
  readonly podCidr: string;
}

export const defaultDnsOptions: DnsOptions = { clusterDomain: 'cluster.local', podCidr: '10.244.0.0/16' };

/**
 * The records of a Service; `workloads` are the workloads its selector matches. A headless
 * Service's addresses come from its EndpointSlices when `slices` lists them, else from example Pods.
 */
export function serviceRecords(service: IndexedObject, workloads: readonly IndexedObject[], options: DnsOptions = defaultDnsOptions, slices?: readonly SliceAddress[]): DnsRecord[] {
  const model = service.decoded.service;
  if (!model) return [];
  const zone = options.clusterDomain.replace(/\.$/, '');
  const fqdn = `${service.object.name ?? ''}.${service.namespace}.svc.${zone}.`;
  if (effectiveType(model) === 'ExternalName') {
    const target = model.externalName?.value;
    return target ? [{ name: fqdn, type: 'CNAME', value: `${target.replace(/\.$/, '')}.` }] : [];
  }
  const records: DnsRecord[] = [];
  const named = (model.ports?.value ?? []).filter((port) => port.name?.value && port.port?.value !== undefined);
  if (!isHeadless(model)) {
    const ips = effectiveClusterIPs(model).filter((ip) => ip.value !== '' && ip.value !== 'None');
    if (ips.length === 0) records.push({ name: fqdn, type: 'A', value: exampleClusterIp(`${service.namespace}/${service.object.name ?? ''}`), example: true });
    for (const ip of ips) records.push({ name: fqdn, type: parseLegacyIp(ip.value)?.family === 'IPv6' ? 'AAAA' : 'A', value: ip.value });
    for (const port of named) records.push({ name: `_${port.name!.value}._${effectiveProtocol(port).toLowerCase()}.${fqdn}`, type: 'SRV', value: `0 100 ${port.port!.value} ${fqdn}` });
    return records;
  }
  // Headless: the ready Pods themselves, each by address and by name: its hostname (StatefulSet
  // Pods, Pods whose subdomain is the Service) or, without one, its address with dashes.
  // Not-ready addresses are published only with publishNotReadyAddresses.
  const fromSlices = slices?.filter((address) => address.ready || model.publishNotReadyAddresses?.value === true);
  const example = fromSlices === undefined;
  const unique = new Map<string, HeadlessPod>();
  for (const pod of fromSlices ?? examplePods(service, workloads, options.podCidr)) if (!unique.has(pod.ip)) unique.set(pod.ip, pod);
  const pods = [...unique.values()];
  const nameOf = (pod: HeadlessPod): string => `${pod.hostname ?? pod.ip.replace(/[.:]/g, '-')}.${fqdn}`;
  const typeOf = (pod: HeadlessPod): 'A' | 'AAAA' => (pod.ip.includes(':') ? 'AAAA' : 'A');
  const mark = example ? { example: true } : {};
  for (const pod of pods) records.push({ name: fqdn, type: typeOf(pod), value: pod.ip, ...mark });
  for (const pod of pods) records.push({ name: nameOf(pod), type: typeOf(pod), value: pod.ip, ...mark });
  // SRV records of a headless Service come from its endpoints' ports, as CoreDNS reads them from
  // the EndpointSlices: named by the Service port, numbered as the Pod listens (the targetPort).
  const srv = new Map<string, Array<{ port: number; pod: HeadlessPod }>>();
  for (const pod of pods) {
    for (const port of pod.ports) {
      if (port.name === '') continue;
      const name = `_${port.name}._${port.protocol.toLowerCase()}.${fqdn}`;
      srv.set(name, [...(srv.get(name) ?? []), { port: port.port, pod }]);
    }
  }
  for (const [name, targets] of srv) {
    const weight = Math.floor(100 / targets.length);
    for (const target of targets) records.push({ name, type: 'SRV', value: `0 ${weight} ${target.port} ${nameOf(target.pod)}`, ...mark });
  }
  return records;
}

interface HeadlessPod {
  readonly ip: string;
  /** `<statefulset>-<ordinal>` for a StatefulSet governed by this Service, or the Pod's hostname. */
  readonly hostname?: string;
  /** The endpoint's ports: the slice's, or those the EndpointSlice controller would derive. */
  readonly ports: ReadonlyArray<{ readonly name: string; readonly port: number; readonly protocol: string }>;
}

/** The example Pods (see service.ts), each with the DNS name a headless Service gives it. */
function examplePods(service: IndexedObject, workloads: readonly IndexedObject[], podCidr: string): HeadlessPod[] {
  const family = parseLegacyCidr(podCidr)?.family ?? 'IPv4';
  const options = { ...defaultProxyOptions, podCidrs: { ...defaultProxyOptions.podCidrs, [family]: podCidr } };
  const servicePorts = service.decoded.service?.ports?.value ?? [];
  return proxyExamplePods(workloads, family, options).map((pod) => {
    const workload = pod.workload;
    const governs = workload.object.recognized === 'StatefulSet' && workload.decoded.workload?.serviceName?.value === service.object.name;
    const hostname = governs ? `${workload.object.name ?? ''}-${pod.ordinal}` : workload.object.recognized === 'Pod' ? podNames(workload, service.object.name ?? '') : undefined;
    // The controller's slice ports: each Service port's targetPort resolved in this Pod; a name it lacks is left out.
    const ports = servicePorts.flatMap((port) => {
      const number = resolvedNumber(resolveTargetPort(port, workload));
      return number === undefined ? [] : [{ name: port.name?.value ?? '', port: number, protocol: effectiveProtocol(port) }];
    });
    return { ip: pod.ip, ...(hostname ? { hostname } : {}), ports };
  });
}

/** A Pod's DNS name under a headless Service: its hostname, when its subdomain is the Service. */
function podNames(pod: IndexedObject, serviceName: string): string | undefined {
  const view = pod.object.view;
  const spec = view.deref(view.get(pod.object.root, 'spec')?.value ?? null);
  if (!isMap(spec)) return undefined;
  const read = (key: string): string | undefined => {
    const node = view.deref(view.get(spec, key)?.value ?? null);
    return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
  };
  const hostname = read('hostname');
  return hostname && read('subdomain') === serviceName ? hostname : undefined;
}

/** A stable example cluster IP for a Service the allocator would give one, from 10.96.0.0/12 (kubeadm's default). */
export function exampleClusterIp(key: string): string {
  return exampleAddress(defaultProxyOptions.serviceCidrs.IPv4, key, 2);
}

/** A record as a zone file line: `name TYPE value`, with `; example` when the value is one. */
export function recordText(record: DnsRecord): string {
  return `${record.name} ${record.type} ${record.value}${record.example ? '  ; example' : ''}`;
}
