/**
 * What kube-proxy's nftables mode adds for one Service to its table (`ip kube-proxy`, or
 * `ip6 kube-proxy`), as the `nft -f` lines of its transaction: the Service's chains and their
 * rules (`service-`, `local-`, `external-`, `endpoint-`, `firewall-`), the `affinity-` sets of
 * ClientIP session affinity, and the elements of the shared maps and sets that send traffic to
 * them (`cluster-ips`, `service-ips`, `service-nodeports`, `firewall-ips`, and the
 * `no-endpoint-*` verdict maps that drop or reject traffic nothing can answer).
 * The table's fixed chains (`services`, `masquerading`, …) are the same on every node and are
 * not repeated here.
 */
import { planPort } from './categorize';
import { nftablesChains, nftablesEndpointChains } from './names';
import type { ProxyEndpoint, ProxyOptions, ProxyPort, ProxyService } from './service';
import { addressInRange, endpointText, localCidr, portNameText } from './service';

/** The `nft` lines of the Service's family `service`. */
export function nftablesRules(service: ProxyService, options: ProxyOptions, portFilter?: (port: ProxyPort) => boolean): string[] {
  const lines: string[] = [];
  for (const port of service.ports) if (!portFilter || portFilter(port)) lines.push(...portLines(service, port, options));
  return lines;
}

function portLines(service: ProxyService, port: ProxyPort, options: ProxyOptions): string[] {
  const family = service.family;
  const table = `${family === 'IPv4' ? 'ip' : 'ip6'} kube-proxy`;
  const ipX = family === 'IPv4' ? 'ip' : 'ip6';
  const protocol = port.protocol.toLowerCase();
  const name = portNameText(service, port);
  const ref = { namespace: service.namespace, name: service.name, port: port.name, protocol };
  const chains = nftablesChains(ref);
  const names = new Map<ProxyEndpoint, { chain: string; affinity: string }>();
  const endpointChains = (endpoint: ProxyEndpoint): { chain: string; affinity: string } => {
    let found = names.get(endpoint);
    if (!found) names.set(endpoint, (found = nftablesEndpointChains(ref, endpoint.ip, endpoint.port)));
    return found;
  };
  const { cluster, local, reachable, hasAny, usesClusterChain, usesLocalChain, hasInternal, hasExternal, usesExternalChain } = planPort(service, port, options.nodeName);
  const internalChain = service.internalPolicyLocal ? chains.local : chains.service;
  const externalPolicyChain = service.externalPolicyLocal ? chains.local : chains.service;
  const usesFirewall = service.loadBalancerVIPs.length > 0 && service.loadBalancerSourceRanges.length > 0;
  const internalVerdict = !hasAny ? 'goto reject-chain' : 'drop';
  const externalVerdict = internalVerdict;
  const clusterCidr = localCidr(options.clusterCidrs, family);

  const rules = new Map<string, string[]>();
  const rule = (chain: string, text: string): void => {
    const list = rules.get(chain) ?? [];
    list.push(text);
    rules.set(chain, list);
  };
  if (hasInternal) {
    if (options.masqueradeAll) rule(internalChain, `${ipX} daddr ${service.clusterIP} jump mark-for-masquerade`);
    else if (clusterCidr) rule(internalChain, `${ipX} daddr ${service.clusterIP} ${ipX} saddr != ${clusterCidr} jump mark-for-masquerade`);
  }
  if (usesExternalChain) {
    if (!service.externalPolicyLocal) rule(chains.external, 'jump mark-for-masquerade');
    else {
      if (clusterCidr) rule(chains.external, `${ipX} saddr ${clusterCidr} goto ${chains.service} comment "short-circuit pod traffic"`);
      rule(chains.external, 'fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"');
      rule(chains.external, `fib saddr type local goto ${chains.service} comment "short-circuit local traffic"`);
    }
    if (hasExternal) rule(chains.external, `goto ${externalPolicyChain}`);
  }
  if (usesFirewall) {
    const sources = [...service.loadBalancerSourceRanges];
    if (service.loadBalancerSourceRanges.some((range) => addressInRange(options.nodeIPs[family], range))) sources.push(...service.loadBalancerVIPs);
    rule(chains.firewall, `${ipX} saddr != { ${sources.join(' , ')} } drop`);
  }
  const choose = (chain: string, endpoints: readonly ProxyEndpoint[]): void => {
    if (service.affinitySeconds > 0) for (const endpoint of endpoints) rule(chain, `${ipX} saddr @${endpointChains(endpoint).affinity} goto ${endpointChains(endpoint).chain}`);
    rule(chain, `numgen random mod ${endpoints.length} vmap { ${endpoints.map((endpoint, index) => `${index} : goto ${endpointChains(endpoint).chain}`).join(' , ')} }`);
  };
  if (usesClusterChain) choose(chains.service, cluster);
  if (usesLocalChain) choose(chains.local, local);
  for (const endpoint of reachable) {
    const { chain, affinity } = endpointChains(endpoint);
    rule(chain, `${ipX} saddr ${endpoint.ip} jump mark-for-masquerade`);
    if (service.affinitySeconds > 0) rule(chain, `update @${affinity} { ${ipX} saddr }`);
    rule(chain, `meta l4proto ${protocol} dnat to ${endpointText(endpoint)}`);
  }

  const lines: string[] = [];
  if (service.affinitySeconds > 0) {
    for (const endpoint of reachable) lines.push(`add set ${table} ${endpointChains(endpoint).affinity} { type ${family === 'IPv4' ? 'ipv4_addr' : 'ipv6_addr'} ; flags dynamic,timeout ; timeout ${service.affinitySeconds}s ; }`);
  }
  const order = [chains.service, chains.local, chains.external, ...reachable.map((endpoint) => endpointChains(endpoint).chain), chains.firewall];
  const created = new Set<string>();
  if (usesClusterChain) created.add(chains.service);
  if (usesLocalChain) created.add(chains.local);
  if (usesExternalChain) created.add(chains.external);
  for (const endpoint of reachable) created.add(endpointChains(endpoint).chain);
  if (usesFirewall) created.add(chains.firewall);
  for (const chain of order) {
    if (!created.has(chain)) continue;
    lines.push(`add chain ${table} ${chain}`);
    for (const text of rules.get(chain) ?? []) lines.push(`add rule ${table} ${chain} ${text}`);
  }

  const element = (set: string, key: string, value?: string, comment?: string): void => {
    lines.push(`add element ${table} ${set} { ${key}${comment ? ` comment "${comment}"` : ''}${value ? ` : ${value}` : ''} }`);
  };
  const key = (ip: string, number: number): string => `${ip} . ${protocol} . ${number}`;
  element('cluster-ips', service.clusterIP);
  if (hasInternal) element('service-ips', key(service.clusterIP, port.port), `goto ${internalChain}`);
  else element('no-endpoint-services', key(service.clusterIP, port.port), internalVerdict, name);
  for (const ip of service.externalIPs) {
    if (hasAny) element('service-ips', key(ip, port.port), `goto ${chains.external}`);
    if (!hasExternal) element('no-endpoint-services', key(ip, port.port), externalVerdict, name);
  }
  for (const ip of service.loadBalancerVIPs) {
    if (hasAny) element('service-ips', key(ip, port.port), `goto ${chains.external}`);
    if (usesFirewall) element('firewall-ips', key(ip, port.port), `goto ${chains.firewall}`);
  }
  if (!hasExternal) for (const ip of service.loadBalancerVIPs) element('no-endpoint-services', key(ip, port.port), externalVerdict, name);
  if (port.nodePort !== 0) {
    if (hasAny) element('service-nodeports', `${protocol} . ${port.nodePort}`, `goto ${chains.external}`);
    if (!hasExternal) element('no-endpoint-nodeports', `${protocol} . ${port.nodePort}`, externalVerdict, name);
  }
  return lines;
}
