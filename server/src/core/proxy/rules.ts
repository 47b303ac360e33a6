/**
 * The rules kube-proxy programs for one Service, in the mode asked for, as one value the CLI
 * prints (text or JSON) and the route view shows: which values are examples, then the iptables
 * tables, the nftables lines or the IPVS virtual servers and ipsets, one IP family after the
 * other for a dual-stack Service.
 */
import type { IndexedObject } from '../routing';
import type { WorkspaceQuery } from '../rules/crossObject';
import { iptablesRules } from './iptables';
import type { IptablesTables } from './iptables';
import { ipvsRules, ipvsText } from './ipvs';
import type { IpvsRules } from './ipvs';
import { nftablesRules } from './nftables';
import { defaultProxyOptions, proxyInput } from './service';
import type { ProxyInput, ProxyOptions, ProxyPort } from './service';

export const proxyModes = ['iptables', 'nftables', 'ipvs'] as const;
export type ProxyMode = (typeof proxyModes)[number];

export interface ServiceRules {
  readonly version: 1;
  readonly mode: ProxyMode;
  /** `namespace/name`. */
  readonly service: string;
  /** Every value the manifests do not fix, described; empty when all come from the manifests. */
  readonly examples: readonly string[];
  /** Why kube-proxy programs nothing for this Service (headless, ExternalName). */
  readonly notProxied?: string;
  readonly iptables?: IptablesTables;
  /** The IPv6 family's tables (ip6tables) of a dual-stack or IPv6 Service. */
  readonly ip6tables?: IptablesTables;
  readonly nftables?: readonly string[];
  readonly ipvs?: { readonly virtualServers: IpvsRules['virtualServers']; readonly ipsets: IpvsRules['ipsets'] };
}

/** Which ports to include: all, or the one a name or number picks. */
export type PortSelector = (port: ProxyPort) => boolean;

export function portSelector(text: string | undefined): PortSelector | undefined {
  if (text === undefined || text === '') return undefined;
  return (port) => port.name === text || String(port.port) === text;
}

export function serviceRules(query: WorkspaceQuery, indexed: IndexedObject, mode: ProxyMode, options: ProxyOptions = defaultProxyOptions, ports?: PortSelector): ServiceRules {
  return rulesOf(`${indexed.namespace}/${indexed.object.name ?? ''}`, proxyInput(query, indexed, options), mode, options, ports);
}

/** The rules of a Service whose proxied view (`proxyInput`) is already computed. */
export function rulesOf(service: string, input: ProxyInput, mode: ProxyMode, options: ProxyOptions, ports?: PortSelector): ServiceRules {
  if (input.kind === 'not-proxied') return { version: 1, mode, service, examples: [], notProxied: input.reason };
  const base = { version: 1 as const, mode, service, examples: input.examples };
  if (input.families.length === 0) return { ...base, notProxied: 'its cluster IP is not an IP address, so kube-proxy skips it' };
  if (mode === 'nftables') return { ...base, nftables: input.families.flatMap((family) => nftablesRules(family, options, ports)) };
  if (mode === 'ipvs') {
    const families = input.families.map((family) => ipvsRules(family, options, ports));
    return { ...base, ipvs: { virtualServers: families.flatMap((family) => family.virtualServers), ipsets: families.flatMap((family) => family.ipsets) } };
  }
  const v4 = input.families.find((family) => family.family === 'IPv4');
  const v6 = input.families.find((family) => family.family === 'IPv6');
  return { ...base, ...(v4 ? { iptables: iptablesRules(v4, options, ports) } : {}), ...(v6 ? { ip6tables: iptablesRules(v6, options, ports) } : {}) };
}

/** The rules as the mode's own tools print them, after one comment line about example values. */
export function rulesText(rules: ServiceRules): string[] {
  if (rules.notProxied) return [`# kube-proxy programs nothing for ${rules.service}: ${rules.notProxied}`];
  const lines = [rules.examples.length > 0 ? `# Example values (the manifests do not fix them): ${rules.examples.join('; ')}` : '# Every value comes from the manifests.'];
  if (rules.iptables) {
    if (rules.ip6tables) lines.push('# iptables-save');
    lines.push(...rules.iptables.filter, ...rules.iptables.nat);
  }
  if (rules.ip6tables) {
    if (rules.iptables) lines.push('# ip6tables-save');
    lines.push(...rules.ip6tables.filter, ...rules.ip6tables.nat);
  }
  if (rules.nftables) lines.push(...rules.nftables);
  if (rules.ipvs) lines.push(...ipvsText([{ virtualServers: rules.ipvs.virtualServers, ipsets: rules.ipvs.ipsets }]));
  return lines;
}
