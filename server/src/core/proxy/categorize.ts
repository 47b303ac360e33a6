/**
 * Which endpoints kube-proxy uses for a Service port on one node, as its topology step decides:
 * ready endpoints for "Cluster" traffic policy (serving terminating ones only when no endpoint
 * is ready anywhere), this node's ready endpoints for "Local" policy (its serving terminating
 * ones when it has no ready one), and whether the Service has any usable endpoint at all.
 */
import type { ProxyEndpoint, ProxyPort, ProxyService } from './service';
import { endpointText } from './service';

export interface Categorized {
  readonly cluster: readonly ProxyEndpoint[];
  readonly local: readonly ProxyEndpoint[];
  /** Every endpoint some rule of this node can send traffic to, in kube-proxy's order. */
  readonly reachable: readonly ProxyEndpoint[];
  readonly hasAny: boolean;
}

/** True when the port can be reached from outside: a node port, load balancer VIPs or external IPs. */
export function externallyAccessible(service: ProxyService, port: ProxyPort): boolean {
  return port.nodePort !== 0 || service.loadBalancerVIPs.length > 0 || service.externalIPs.length > 0;
}

export function usesClusterEndpoints(service: ProxyService, port: ProxyPort): boolean {
  return !service.internalPolicyLocal || (externallyAccessible(service, port) && !service.externalPolicyLocal);
}

export function usesLocalEndpoints(service: ProxyService, port: ProxyPort): boolean {
  return service.internalPolicyLocal || (service.externalPolicyLocal && externallyAccessible(service, port));
}

export function categorize(service: ProxyService, port: ProxyPort, nodeName: string): Categorized {
  const endpoints = port.endpoints;
  const isLocal = (endpoint: ProxyEndpoint): boolean => endpoint.nodeName === nodeName;
  const servingTerminating = (endpoint: ProxyEndpoint): boolean => endpoint.serving && endpoint.terminating;
  let cluster: ProxyEndpoint[] = [];
  let hasAny = false;
  if (usesClusterEndpoints(service, port)) {
    cluster = endpoints.filter((endpoint) => endpoint.ready);
    if (cluster.length === 0) cluster = endpoints.filter(servingTerminating);
    hasAny = cluster.length > 0;
  }
  if (!usesLocalEndpoints(service, port)) return { cluster, local: [], reachable: cluster, hasAny };
  let localReady = false;
  let localServingTerminating = false;
  for (const endpoint of endpoints) {
    if (endpoint.ready) {
      hasAny = true;
      if (isLocal(endpoint)) localReady = true;
    } else if (servingTerminating(endpoint)) {
      hasAny = true;
      if (isLocal(endpoint)) localServingTerminating = true;
    }
  }
  let local: ProxyEndpoint[] = [];
  if (localReady) local = endpoints.filter((endpoint) => isLocal(endpoint) && endpoint.ready);
  else if (localServingTerminating) local = endpoints.filter((endpoint) => isLocal(endpoint) && servingTerminating(endpoint));
  if (!usesClusterEndpoints(service, port)) return { cluster, local, reachable: local, hasAny };
  if (!localServingTerminating || localReady) return { cluster, local, reachable: cluster, hasAny };
  // Terminating local endpoints are not among the cluster ones: kube-proxy merges the lists.
  const merged = new Map<string, ProxyEndpoint>();
  for (const endpoint of [...cluster, ...local]) merged.set(endpointText(endpoint), endpoint);
  return { cluster, local, reachable: [...merged.values()], hasAny };
}

/** What every backend decides the same way for one port on one node, before naming anything. */
export interface PortPlan extends Categorized {
  /** A chain of the endpoints "Cluster" policy uses is written. */
  readonly usesClusterChain: boolean;
  /** A chain of this node's endpoints ("Local" policy) is written. */
  readonly usesLocalChain: boolean;
  /** Traffic to the cluster IP has somewhere to go (else it is dropped or rejected). */
  readonly hasInternal: boolean;
  /** Traffic from outside has somewhere to go on this node. */
  readonly hasExternal: boolean;
  /** The external chain is written: the port is reachable from outside and has endpoints somewhere. */
  readonly usesExternalChain: boolean;
}

export function planPort(service: ProxyService, port: ProxyPort, nodeName: string): PortPlan {
  const categorized = categorize(service, port, nodeName);
  const { cluster, local, hasAny } = categorized;
  return {
    ...categorized,
    usesClusterChain: cluster.length > 0 && usesClusterEndpoints(service, port),
    usesLocalChain: local.length > 0 && usesLocalEndpoints(service, port),
    hasInternal: hasAny && !(service.internalPolicyLocal && local.length === 0),
    hasExternal: hasAny && !(service.externalPolicyLocal && local.length === 0),
    usesExternalChain: hasAny && externallyAccessible(service, port),
  };
}
