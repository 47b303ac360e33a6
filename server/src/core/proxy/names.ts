/**
 * The names kube-proxy gives a Service port's chains, so users can find them on a node
 * (`iptables-save | grep KUBE-SVC-…`, `nft list chain ip kube-proxy service-…`).
 * iptables: the prefix and the first 16 base32 characters of the SHA-256 of the service port
 * name (`namespace/name`, plus `:port` when the port is named) and the lower-case protocol;
 * endpoint chains hash that and the endpoint's `ip:port` too. nftables: the first 8 characters of
 * the hash of `namespace/name/protocol/port`, a dash and that text, after the chain's prefix.
 */
import { base32, sha256 } from './hash';

export interface ServicePortRef {
  readonly namespace: string;
  readonly name: string;
  /** The Service port's name, '' when it has none. */
  readonly port: string;
  readonly protocol: string;
}

/** `namespace/name:port`, as kube-proxy writes it in its comments. */
export function servicePortName(ref: ServicePortRef): string {
  return `${ref.namespace}/${ref.name}${ref.port ? `:${ref.port}` : ''}`;
}

function hash16(text: string): string {
  return base32(sha256(text)).slice(0, 16);
}

export interface IptablesChains {
  /** Where ClusterIP traffic goes (load-balances over all usable endpoints). */
  readonly service: string;
  /** The local-endpoints chain of externalTrafficPolicy / internalTrafficPolicy Local. */
  readonly local: string;
  /** Where traffic from outside (node ports, external and load balancer IPs) goes. */
  readonly external: string;
  /** The loadBalancerSourceRanges firewall chain. */
  readonly firewall: string;
}

export function iptablesChains(ref: ServicePortRef): IptablesChains {
  const hash = hash16(servicePortName(ref) + ref.protocol.toLowerCase());
  return { service: `KUBE-SVC-${hash}`, local: `KUBE-SVL-${hash}`, external: `KUBE-EXT-${hash}`, firewall: `KUBE-FW-${hash}` };
}

/** `KUBE-SEP-…` of one endpoint (`ip:port`, IPv6 in brackets as kube-proxy writes it). */
export function iptablesEndpointChain(ref: ServicePortRef, endpoint: string): string {
  return `KUBE-SEP-${hash16(servicePortName(ref) + ref.protocol.toLowerCase() + endpoint)}`;
}

export interface NftablesChains {
  readonly service: string;
  readonly local: string;
  readonly external: string;
  readonly firewall: string;
}

export function nftablesChains(ref: ServicePortRef): NftablesChains {
  const base = hashAndTruncate(`${ref.namespace}/${ref.name}/${ref.protocol.toLowerCase()}/${ref.port}`);
  return { service: `service-${base}`, local: `local-${base}`, external: `external-${base}`, firewall: `firewall-${base}` };
}

/** The chain of one endpoint (`ip`, `port`) and the set that remembers its ClientIP affinity. */
export function nftablesEndpointChains(ref: ServicePortRef, ip: string, port: number): { readonly chain: string; readonly affinity: string } {
  // Colons are not allowed in chain names: an IPv6 address is written with dots.
  const base = hashAndTruncate(`${ref.namespace}/${ref.name}/${ref.protocol.toLowerCase()}/${ref.port}__${ip.replace(/:/g, '.')}/${port}`);
  return { chain: `endpoint-${base}`, affinity: `affinity-${base}` };
}

/** nftables names are at most 256 characters and the longest prefix is 16: the base keeps 240. */
const nftablesBaseMax = 240;

function hashAndTruncate(name: string): string {
  const full = `${base32(sha256(name)).slice(0, 8)}-${name}`;
  return full.length > nftablesBaseMax ? `${full.slice(0, nftablesBaseMax - 3)}...` : full;
}
