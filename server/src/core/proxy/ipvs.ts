/**
 * What kube-proxy's IPVS mode (deprecated since Kubernetes 1.35, still in use) sets up for one
 * Service on one node: an IPVS virtual server for each address that takes traffic (cluster IP,
 * external IPs, load balancer VIPs, and the node's address for a node port), the Pods as real
 * servers in masquerade mode, the scheduler (`rr` unless kube-proxy is told otherwise) and
 * ClientIP affinity as IPVS persistence, plus the ipset entries its few fixed iptables rules
 * match on (KUBE-CLUSTER-IP, KUBE-NODE-PORT-TCP, KUBE-LOOP-BACK for hairpin traffic, …; IPv6 sets
 * are named KUBE-6-…).
 */
import { categorize } from './categorize';
import type { ProxyEndpoint, ProxyOptions, ProxyPort, ProxyService } from './service';
import { addressInRange, endpointText } from './service';

export interface IpvsRealServer {
  readonly address: string;
  readonly port: number;
  readonly weight: number;
}

export interface IpvsVirtualServer {
  readonly protocol: string;
  readonly address: string;
  readonly port: number;
  readonly scheduler: string;
  /** ClientIP affinity: the persistence timeout in seconds. */
  readonly persistent?: number;
  /** What the address is: cluster IP, external IP, load balancer IP or node port. */
  readonly role: string;
  readonly realServers: readonly IpvsRealServer[];
}

export interface IpsetEntry {
  readonly set: string;
  readonly entry: string;
}

export interface IpvsRules {
  readonly virtualServers: readonly IpvsVirtualServer[];
  readonly ipsets: readonly IpsetEntry[];
}

export function ipvsRules(service: ProxyService, options: ProxyOptions, portFilter?: (port: ProxyPort) => boolean): IpvsRules {
  const virtualServers: IpvsVirtualServer[] = [];
  const ipsets: IpsetEntry[] = [];
  const setName = (name: string): string => (service.family === 'IPv6' ? name.replace(/^KUBE-/, 'KUBE-6-') : name);
  const add = (set: string, entry: string): void => {
    if (!ipsets.some((existing) => existing.set === setName(set) && existing.entry === entry)) ipsets.push({ set: setName(set), entry });
  };
  for (const port of service.ports) {
    if (portFilter && !portFilter(port)) continue;
    const protocol = port.protocol.toLowerCase();
    const { cluster, local } = categorize(service, port, options.nodeName);
    const internal = service.internalPolicyLocal ? local : cluster;
    const external = service.externalPolicyLocal ? local : cluster;
    const server = (address: string, number: number, role: string, endpoints: readonly ProxyEndpoint[]): IpvsVirtualServer => ({
      protocol: port.protocol,
      address,
      port: number,
      scheduler: 'rr',
      ...(service.affinitySeconds > 0 ? { persistent: service.affinitySeconds } : {}),
      role,
      realServers: endpoints.map((endpoint) => ({ address: endpoint.ip, port: endpoint.port, weight: 1 })),
    });
    const key = (ip: string): string => `${ip},${protocol}:${port.port}`;
    add('KUBE-CLUSTER-IP', key(service.clusterIP));
    virtualServers.push(server(service.clusterIP, port.port, 'cluster IP', internal));
    for (const endpoint of port.endpoints) {
      // Hairpin: a Pod of this node reaching itself through the Service is masqueraded.
      if (endpoint.nodeName === options.nodeName) add('KUBE-LOOP-BACK', `${endpoint.ip},${protocol}:${endpoint.port},${endpoint.ip}`);
    }
    for (const ip of service.externalIPs) {
      // kube-proxy puts an external IP in exactly one set: the Local one under policy Local.
      add(service.externalPolicyLocal ? 'KUBE-EXTERNAL-IP-LOCAL' : 'KUBE-EXTERNAL-IP', key(ip));
      virtualServers.push(server(ip, port.port, 'external IP', external));
    }
    for (const ip of service.loadBalancerVIPs) {
      add('KUBE-LOAD-BALANCER', key(ip));
      if (service.externalPolicyLocal) add('KUBE-LOAD-BALANCER-LOCAL', key(ip));
      if (service.loadBalancerSourceRanges.length > 0) {
        add('KUBE-LOAD-BALANCER-FW', key(ip));
        for (const range of service.loadBalancerSourceRanges) add('KUBE-LOAD-BALANCER-SOURCE-CIDR', `${key(ip)},${range}`);
        if (service.loadBalancerSourceRanges.some((range) => addressInRange(options.nodeIPs[service.family], range))) add('KUBE-LOAD-BALANCER-SOURCE-IP', `${key(ip)},${ip}`);
      }
      virtualServers.push(server(ip, port.port, 'load balancer IP', external));
    }
    if (port.nodePort !== 0) {
      const nodeIP = options.nodeIPs[service.family];
      if (port.protocol === 'SCTP') {
        add('KUBE-NODE-PORT-SCTP-HASH', `${nodeIP},sctp:${port.nodePort}`);
        if (service.externalPolicyLocal) add('KUBE-NODE-PORT-LOCAL-SCTP-HASH', `${nodeIP},sctp:${port.nodePort}`);
      } else {
        add(`KUBE-NODE-PORT-${port.protocol}`, String(port.nodePort));
        if (service.externalPolicyLocal) add(`KUBE-NODE-PORT-LOCAL-${port.protocol}`, String(port.nodePort));
      }
      virtualServers.push(server(nodeIP, port.nodePort, 'node port', external));
    }
  }
  if (service.healthCheckNodePort !== 0) add('KUBE-HEALTH-CHECK-NODE-PORT', String(service.healthCheckNodePort));
  return { virtualServers, ipsets };
}

/** The virtual servers as `ipvsadm -Ln` lists them, then the entries as `ipset save` writes them. */
export function ipvsText(rules: readonly IpvsRules[]): string[] {
  const lines = ['Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn'];
  for (const family of rules) {
    for (const server of family.virtualServers) {
      lines.push(`${server.protocol}  ${endpointText({ ip: server.address, port: server.port })} ${server.scheduler}${server.persistent ? ` persistent ${server.persistent}` : ''}`);
      for (const real of server.realServers) lines.push(`  -> ${endpointText({ ip: real.address, port: real.port }).padEnd(28)} ${'Masq'.padEnd(7)} ${String(real.weight).padEnd(6)} ${'0'.padEnd(10)} 0`);
    }
  }
  lines.push('');
  for (const family of rules) for (const entry of family.ipsets) lines.push(`add ${entry.set} ${entry.entry}`);
  return lines;
}
