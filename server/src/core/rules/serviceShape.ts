/**
 * Facts about a Service after the API server's defaulting (section 1 of service-rules.md):
 * effective type, protocol, targetPort, cluster IPs and IP family policy. Rules judge these,
 * never the raw fields, so nothing the API server accepts is reported.
 */
import type { ServiceModel, ServicePortModel } from '../decode';
import type { Span } from '../model';

export const serviceTypes = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
export const protocols = ['TCP', 'UDP', 'SCTP'] as const;

/** spec.type after defaulting (empty means ClusterIP). */
export function effectiveType(service: ServiceModel): string {
  return service.type?.value || 'ClusterIP';
}

/** A port's protocol after defaulting (empty means TCP). */
export function effectiveProtocol(port: ServicePortModel): string {
  return port.protocol?.value || 'TCP';
}

/** targetPort after defaulting: 0, "" or absent mean the value of `port`. */
export function effectiveTargetPort(port: ServicePortModel): number | string | undefined {
  const target = port.targetPort?.value;
  if (target === undefined || target === 0 || target === '') return port.port?.value;
  return target;
}

/** spec.clusterIPs after the registry copies a lone clusterIP into it. */
export function effectiveClusterIPs(service: ServiceModel): Array<{ index: number; value: string; span: Span }> {
  const plural = service.clusterIPs?.value ?? [];
  if (plural.length > 0) return plural;
  const single = service.clusterIP;
  return single && single.value !== '' ? [{ index: 0, value: single.value, span: single.span }] : [];
}

/** True when clusterIPs is exactly ["None"]. */
export function isHeadless(service: ServiceModel): boolean {
  const ips = effectiveClusterIPs(service);
  return ips.length === 1 && ips[0].value === 'None';
}

/** True when the Service has a non-empty selector. */
export function hasSelector(service: ServiceModel): boolean {
  return (service.selector?.value.length ?? 0) > 0;
}

/** NodePort, LoadBalancer, or ClusterIP with externalIPs: where externalTrafficPolicy applies. */
export function isExternallyAccessible(service: ServiceModel): boolean {
  const type = effectiveType(service);
  if (type === 'NodePort' || type === 'LoadBalancer') return true;
  return type === 'ClusterIP' && (service.externalIPs?.value.length ?? 0) > 0;
}
