/**
 * The iptables rules kube-proxy's iptables mode writes for one Service on one node, printed the
 * way `iptables-save` (or `ip6tables-save`) prints them back: for each table its chains, then
 * the rules grouped by chain in name order, each with the address matches first, the protocol,
 * then the matches and the target with the options the kernel fills in (`--reject-with`,
 * `--mask … --rsource` of `recent`, statistic probabilities as the kernel stores them).
 *
 * The rules follow kube-proxy's syncProxyRules: the cluster IP, external IPs, load balancer VIPs
 * and node ports captured in KUBE-SERVICES / KUBE-NODEPORTS, the KUBE-EXT chain of external
 * traffic (masquerade for Cluster policy, short-circuits for Local policy), KUBE-FW for
 * loadBalancerSourceRanges, KUBE-SVC / KUBE-SVL choosing an endpoint at random (with `recent`
 * affinity first), and a KUBE-SEP chain per endpoint that marks hairpin traffic and DNATs.
 * A Service without usable endpoints gets filter rules instead: REJECT when it has none at all,
 * DROP for the traffic a Local policy has no local endpoint for.
 */
import type { IpFamily } from '../ip';
import { planPort } from './categorize';
import { iptablesChains, iptablesEndpointChain } from './names';
import type { ProxyEndpoint, ProxyOptions, ProxyPort, ProxyService } from './service';
import { addressInRange, endpointText, localCidr, portNameText } from './service';

export interface IptablesTables {
  readonly filter: readonly string[];
  readonly nat: readonly string[];
}

/** One rule before printing: what iptables-save needs to put its parts in its own order. */
interface Rule {
  readonly chain: string;
  readonly source?: string;
  readonly notSource?: boolean;
  readonly destination?: string;
  readonly notDestination?: boolean;
  readonly protocol?: string;
  /** Matches in kube-proxy's order, each already in iptables-save's words. */
  readonly matches: readonly string[];
  readonly target: string;
}

const nodePortsComment = 'kubernetes service nodeports; NOTE: this must be the last rule in this chain';
/** The nfacct counter kube-proxy attaches to localhost node port traffic on IPv4. */
const localhostNodePortCounter = 'localhost_nps_accepted_pkts';

/** The rules of every port of the Service's family `service`, in `iptables-save` form. */
export function iptablesRules(service: ProxyService, options: ProxyOptions, portFilter?: (port: ProxyPort) => boolean): IptablesTables {
  const filter: Rule[] = [];
  const nat: Rule[] = [];
  let anyNodePort = false;
  for (const port of service.ports) {
    if (portFilter && !portFilter(port)) continue;
    writePort(service, port, options, filter, nat);
    if (port.nodePort !== 0) anyNodePort = true;
  }
  if (anyNodePort) {
    // The last rule of KUBE-SERVICES hands traffic to the node's own addresses to KUBE-NODEPORTS.
    // Localhost node ports are on by default for IPv4 (never for IPv6).
    nat.push({ chain: 'KUBE-SERVICES', ...(service.family === 'IPv6' ? { destination: '::1/128', notDestination: true } : {}), matches: [comment(nodePortsComment), '-m addrtype --dst-type LOCAL'], target: 'KUBE-NODEPORTS' });
  }
  return { filter: printTable('filter', filter), nat: printTable('nat', nat) };
}

function writePort(service: ProxyService, port: ProxyPort, options: ProxyOptions, filter: Rule[], nat: Rule[]): void {
  const family = service.family;
  const protocol = port.protocol.toLowerCase();
  const name = portNameText(service, port);
  const chains = iptablesChains({ namespace: service.namespace, name: service.name, port: port.name, protocol });
  const { cluster, local, reachable, hasAny, usesClusterChain, usesLocalChain, hasInternal, hasExternal, usesExternalChain } = planPort(service, port, options.nodeName);
  const internalChain = service.internalPolicyLocal ? chains.local : chains.service;
  const externalPolicyChain = service.externalPolicyLocal ? chains.local : chains.service;
  const usesFirewall = hasAny && service.loadBalancerVIPs.length > 0 && service.loadBalancerSourceRanges.length > 0;
  const loadBalancerChain = usesFirewall ? chains.firewall : chains.external;
  const internalVerdict = !hasAny ? 'REJECT' : 'DROP';
  const internalComment = !hasAny ? `${name} has no endpoints` : `${name} has no local endpoints`;
  const externalVerdict = internalVerdict;
  const externalComment = internalComment;
  const proto = (extra: readonly string[] = []): string[] => [`-m ${protocol} ${extra.join(' ')}`.trim()];
  const dport = (value: number): string[] => proto([`--dport ${value}`]);
  const host = (ip: string): string => `${ip}/${family === 'IPv4' ? 32 : 128}`;

  // The cluster IP.
  if (hasInternal) nat.push({ chain: 'KUBE-SERVICES', destination: host(service.clusterIP), protocol, matches: [comment(`${name} cluster IP`), ...dport(port.port)], target: internalChain });
  else filter.push({ chain: 'KUBE-SERVICES', destination: host(service.clusterIP), protocol, matches: [comment(internalComment), ...dport(port.port)], target: reject(internalVerdict, family) });

  // External IPs.
  for (const ip of service.externalIPs) {
    if (hasAny) nat.push({ chain: 'KUBE-SERVICES', destination: host(ip), protocol, matches: [comment(`${name} external IP`), ...dport(port.port)], target: chains.external });
    if (!hasExternal) filter.push({ chain: 'KUBE-EXTERNAL-SERVICES', destination: host(ip), protocol, matches: [comment(externalComment), ...dport(port.port)], target: reject(externalVerdict, family) });
  }

  // Load balancer VIPs.
  for (const ip of service.loadBalancerVIPs) {
    if (hasAny) nat.push({ chain: 'KUBE-SERVICES', destination: host(ip), protocol, matches: [comment(`${name} loadbalancer IP`), ...dport(port.port)], target: loadBalancerChain });
    if (usesFirewall) filter.push({ chain: 'KUBE-PROXY-FIREWALL', destination: host(ip), protocol, matches: [comment(`${name} traffic not accepted by ${chains.firewall}`), ...dport(port.port)], target: 'DROP' });
  }
  if (!hasExternal) {
    for (const ip of service.loadBalancerVIPs) filter.push({ chain: 'KUBE-EXTERNAL-SERVICES', destination: host(ip), protocol, matches: [comment(externalComment), ...dport(port.port)], target: reject(externalVerdict, family) });
  }

  // The node port.
  if (port.nodePort !== 0) {
    if (hasAny) {
      if (family === 'IPv4') nat.push({ chain: 'KUBE-NODEPORTS', destination: '127.0.0.0/8', protocol, matches: [comment(name), ...dport(port.nodePort), `-m nfacct --nfacct-name  ${localhostNodePortCounter}`], target: chains.external });
      nat.push({ chain: 'KUBE-NODEPORTS', protocol, matches: [comment(name), ...dport(port.nodePort)], target: chains.external });
    }
    if (!hasExternal) filter.push({ chain: 'KUBE-EXTERNAL-SERVICES', protocol, matches: [comment(externalComment), '-m addrtype --dst-type LOCAL', ...dport(port.nodePort)], target: reject(externalVerdict, family) });
  }

  // The health check node port of a Local LoadBalancer Service.
  if (service.healthCheckNodePort !== 0) filter.push({ chain: 'KUBE-NODEPORTS', protocol: 'tcp', matches: [comment(`${name} health check node port`), `-m tcp --dport ${service.healthCheckNodePort}`], target: 'ACCEPT' });

  // Traffic to the cluster IP from outside the cluster CIDR (or all of it) is masqueraded.
  if (hasInternal) {
    const masquerade = { chain: internalChain, destination: host(service.clusterIP), protocol, target: 'KUBE-MARK-MASQ' };
    if (options.masqueradeAll) nat.push({ ...masquerade, matches: [comment(`${name} cluster IP`), ...dport(port.port)] });
    else {
      const cidr = localCidr(options.clusterCidrs, family);
      if (cidr) nat.push({ ...masquerade, source: cidr, notSource: true, matches: [comment(`${name} cluster IP`), ...dport(port.port)] });
    }
  }

  // External traffic: KUBE-EXT masquerades (Cluster policy) or short-circuits what comes from
  // this node and its Pods (Local policy), then goes on to the policy chain.
  if (usesExternalChain) {
    if (!service.externalPolicyLocal) nat.push({ chain: chains.external, matches: [comment(`masquerade traffic for ${name} external destinations`)], target: 'KUBE-MARK-MASQ' });
    else {
      const cidr = localCidr(options.clusterCidrs, family);
      if (cidr) nat.push({ chain: chains.external, source: cidr, matches: [comment(`pod traffic for ${name} external destinations`)], target: chains.service });
      nat.push({ chain: chains.external, matches: [comment(`masquerade LOCAL traffic for ${name} external destinations`), '-m addrtype --src-type LOCAL'], target: 'KUBE-MARK-MASQ' });
      nat.push({ chain: chains.external, matches: [comment(`route LOCAL traffic for ${name} external destinations`), '-m addrtype --src-type LOCAL'], target: chains.service });
    }
    if (hasExternal) nat.push({ chain: chains.external, matches: [], target: externalPolicyChain });
  }

  // loadBalancerSourceRanges: allowed sources go on, the rest falls through to the filter DROP.
  if (usesFirewall) {
    let allowFromNode = false;
    for (const range of service.loadBalancerSourceRanges) {
      nat.push({ chain: chains.firewall, source: range, matches: [comment(`${name} loadbalancer IP`)], target: chains.external });
      if (addressInRange(options.nodeIPs[family], range)) allowFromNode = true;
    }
    if (allowFromNode) for (const ip of service.loadBalancerVIPs) nat.push({ chain: chains.firewall, source: host(ip), matches: [comment(`${name} loadbalancer IP`)], target: chains.external });
    nat.push({ chain: chains.firewall, matches: [comment(`other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL`)], target: '' });
  }

  if (usesClusterChain) writeEndpointChoice(service, port, name, chains.service, cluster, nat);
  if (usesLocalChain) writeEndpointChoice(service, port, name, chains.local, local, nat);

  for (const endpoint of reachable) {
    const chain = endpointChain(service, port, endpoint);
    nat.push({ chain, source: host(endpoint.ip), matches: [comment(name)], target: 'KUBE-MARK-MASQ' });
    const affinity = service.affinitySeconds > 0 ? [`-m recent --set --name ${chain} --mask ${fullMask(family)} --rsource`] : [];
    nat.push({ chain, protocol, matches: [comment(name), ...affinity, `-m ${protocol}`], target: `DNAT --to-destination ${endpointText(endpoint)}` });
  }
}

/** Affinity lookups first, then one random pick per endpoint, the last one certain. */
function writeEndpointChoice(service: ProxyService, port: ProxyPort, name: string, chain: string, endpoints: readonly ProxyEndpoint[], nat: Rule[]): void {
  if (service.affinitySeconds > 0) {
    for (const endpoint of endpoints) {
      const target = endpointChain(service, port, endpoint);
      nat.push({ chain, matches: [comment(`${name} -> ${endpointText(endpoint)}`), `-m recent --rcheck --seconds ${service.affinitySeconds} --reap --name ${target} --mask ${fullMask(service.family)} --rsource`], target });
    }
  }
  endpoints.forEach((endpoint, index) => {
    const statistic = index < endpoints.length - 1 ? [`-m statistic --mode random --probability ${savedProbability(endpoints.length - index)}`] : [];
    nat.push({ chain, matches: [comment(`${name} -> ${endpointText(endpoint)}`), ...statistic], target: endpointChain(service, port, endpoint) });
  });
}

/** Endpoint chain names, each hashed once: an endpoint's chain is named in several rules. */
const endpointChains = new WeakMap<ProxyEndpoint, string>();

function endpointChain(service: ProxyService, port: ProxyPort, endpoint: ProxyEndpoint): string {
  let name = endpointChains.get(endpoint);
  if (name === undefined) {
    name = iptablesEndpointChain({ namespace: service.namespace, name: service.name, port: port.name, protocol: port.protocol.toLowerCase() }, endpointText(endpoint));
    endpointChains.set(endpoint, name);
  }
  return name;
}

/**
 * The probability 1/n as iptables-save prints it: kube-proxy writes `%0.10f` of 1/n, the
 * statistic match stores it as a fraction of 2^31, and iptables-save prints that with 11 digits.
 */
export function savedProbability(n: number): string {
  const written = Number((1 / n).toFixed(10));
  const stored = Math.round(written * 0x80000000);
  return (stored / 0x80000000).toFixed(11);
}

/** kube-proxy's probability text itself (`%0.10f` of 1/n). */
export function writtenProbability(n: number): string {
  return (1 / n).toFixed(10);
}

function comment(text: string): string {
  return `-m comment --comment "${text.replace(/(["\\])/g, '\\$1')}"`;
}

function reject(verdict: string, family: IpFamily): string {
  return verdict === 'REJECT' ? `REJECT --reject-with ${family === 'IPv4' ? 'icmp-port-unreachable' : 'icmp6-port-unreachable'}` : verdict;
}

function fullMask(family: IpFamily): string {
  return family === 'IPv4' ? '255.255.255.255' : 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';
}


/** A table as iptables-save prints it: header, chains, rules by chain in chain-name order, COMMIT. */
function printTable(table: string, rules: readonly Rule[]): string[] {
  if (rules.length === 0) return [];
  const chains = [...new Set(rules.map((rule) => rule.chain))].sort();
  const lines = [`*${table}`, ...chains.map((chain) => `:${chain} - [0:0]`)];
  for (const chain of chains) for (const rule of rules) if (rule.chain === chain) lines.push(printRule(rule));
  lines.push('COMMIT');
  return lines;
}

function printRule(rule: Rule): string {
  const parts = [`-A ${rule.chain}`];
  if (rule.source) parts.push(`${rule.notSource ? '! ' : ''}-s ${rule.source}`);
  if (rule.destination) parts.push(`${rule.notDestination ? '! ' : ''}-d ${rule.destination}`);
  if (rule.protocol) parts.push(`-p ${rule.protocol}`);
  parts.push(...rule.matches);
  if (rule.target) parts.push(`-j ${rule.target}`);
  return parts.join(' ');
}
