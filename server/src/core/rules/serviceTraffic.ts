/**
 * How a Service steers traffic: selector syntax, session affinity, LoadBalancer-only fields,
 * traffic policies, traffic distribution and the topology annotations (service-rules.md 3.1,
 * 3.5, 3.6, 3.11–3.14). Whether the selector matches any Pod is decided by the workspace index.
 */
import type { ServiceModel } from '../decode';
import { parseLegacyCidr } from '../ip';
import { qualifiedNameProblem } from '../names';
import type { Read, RuleContext } from './context';
import { checkLabelPairs } from './labels';
import { effectiveType, isExternallyAccessible, isHeadless } from './serviceShape';

const sourceRangesAnnotation = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const topologyMode = 'service.kubernetes.io/topology-mode';
const topologyHints = 'service.kubernetes.io/topology-aware-hints';
const trafficDistributions = ['PreferClose', 'PreferSameZone', 'PreferSameNode'];

export function checkServiceSelector(ctx: RuleContext, service: ServiceModel): void {
  if (service.selector) checkLabelPairs(ctx, service.selector.value, 'spec.selector', 'service/invalid-selector', 'selector');
}

export function checkSessionAffinity(ctx: RuleContext, service: ServiceModel): void {
  const affinity = service.sessionAffinity?.value ?? '';
  if (affinity !== '' && affinity !== 'ClientIP' && affinity !== 'None') {
    ctx.report({ code: 'service/invalid-session-affinity', span: service.sessionAffinity!.span, path: 'spec.sessionAffinity', message: `sessionAffinity "${affinity}" is not supported: use ClientIP or None` });
    return;
  }
  // With None (or nothing), defaulting drops sessionAffinityConfig, so its contents never matter.
  if (affinity !== 'ClientIP') return;
  const timeout = service.affinityTimeoutSeconds;
  if (timeout && (timeout.value <= 0 || timeout.value > 86400)) {
    ctx.report({
      code: 'service/invalid-affinity-timeout',
      span: timeout.span,
      path: 'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
      message: `timeoutSeconds ${timeout.value} must be greater than 0 and at most 86400 (one day)`,
    });
  }
  if (isHeadless(service)) {
    ctx.report({ code: 'service/ignored-field', span: service.sessionAffinity!.span, path: 'spec.sessionAffinity', message: 'sessionAffinity ClientIP has no effect on a headless Service: kube-proxy does not handle it' });
  }
}

export function checkLoadBalancerFields(ctx: RuleContext, service: ServiceModel): void {
  const type = effectiveType(service);
  const isLoadBalancer = type === 'LoadBalancer';
  const forbidden = (read: Read<unknown>, path: string, field: string): void => {
    ctx.report({
      code: 'service/load-balancer-field-forbidden',
      span: read.keySpan,
      path,
      message: `${field} may only be set when type is LoadBalancer, not ${type}`,
    });
  };
  if (!isLoadBalancer && service.allocateLoadBalancerNodePorts) {
    forbidden(service.allocateLoadBalancerNodePorts, 'spec.allocateLoadBalancerNodePorts', 'allocateLoadBalancerNodePorts');
  }
  const lbClass = service.loadBalancerClass;
  if (lbClass) {
    if (!isLoadBalancer) {
      forbidden(lbClass, 'spec.loadBalancerClass', 'loadBalancerClass');
    } else {
      const problem = qualifiedNameProblem(lbClass.value);
      if (problem) ctx.report({ code: 'service/invalid-load-balancer-class', span: lbClass.span, path: 'spec.loadBalancerClass', message: `loadBalancerClass "${lbClass.value}" ${problem}` });
    }
  }

  const ranges = service.loadBalancerSourceRanges;
  if (ranges && ranges.value.length > 0) {
    if (!isLoadBalancer) {
      // The API server really prints this path with a capital L.
      forbidden(ranges, 'spec.LoadBalancerSourceRanges', 'loadBalancerSourceRanges');
      return;
    }
    for (const entry of ranges.value) checkSourceRange(ctx, entry.value.trim(), entry.span, `spec.LoadBalancerSourceRanges[${entry.index}]`);
    return;
  }
  const annotation = service.metadata.annotations?.value.find((pair) => pair.key === sourceRangesAnnotation);
  if (!annotation) return;
  const path = `metadata.annotations[${sourceRangesAnnotation}]`;
  if (!isLoadBalancer) {
    ctx.report({ code: 'service/load-balancer-field-forbidden', span: annotation.keySpan, path, message: `the ${sourceRangesAnnotation} annotation may only be set when type is LoadBalancer, not ${type}` });
    return;
  }
  if (annotation.value.trim() === '') return;
  for (const item of annotation.value.split(',')) checkSourceRange(ctx, item.trim(), annotation.valueSpan, path);
}

function checkSourceRange(ctx: RuleContext, text: string, span: { start: number; end: number }, path: string): void {
  const cidr = parseLegacyCidr(text);
  if (!cidr) {
    ctx.report({ code: 'service/invalid-source-range', span, path, message: `source range "${text}" must be a CIDR such as 203.0.113.0/24` });
  } else if (cidr.hasHostBits) {
    ctx.report({ code: 'service/ambiguous-cidr', span, path, message: `source range "${text}" has bits set beyond its /${cidr.prefixLength} prefix; the address part is ambiguous` });
  }
}

export function checkTrafficPolicies(ctx: RuleContext, service: ServiceModel): void {
  const type = effectiveType(service);
  const external = service.externalTrafficPolicy;
  const accessible = isExternallyAccessible(service);
  if (external && external.value !== '') {
    if (!accessible) {
      ctx.report({
        code: 'service/external-traffic-policy-forbidden',
        span: external.span,
        path: 'spec.externalTrafficPolicy',
        message: `externalTrafficPolicy may only be set for externally accessible Services (NodePort, LoadBalancer, or with externalIPs), not this ${type} Service`,
      });
    } else if (external.value !== 'Cluster' && external.value !== 'Local') {
      ctx.report({ code: 'service/invalid-traffic-policy', span: external.span, path: 'spec.externalTrafficPolicy', message: `externalTrafficPolicy "${external.value}" is not supported: use Cluster or Local` });
    }
  }
  const healthCheck = service.healthCheckNodePort;
  if (healthCheck && healthCheck.value !== 0) {
    const needsHealthCheck = type === 'LoadBalancer' && external?.value === 'Local';
    const range = ctx.settings.nodePortRange;
    if (!needsHealthCheck) {
      ctx.report({
        code: 'service/health-check-node-port-forbidden',
        span: healthCheck.span,
        path: 'spec.healthCheckNodePort',
        message: 'healthCheckNodePort may only be set when type is LoadBalancer and externalTrafficPolicy is Local',
      });
    } else if (healthCheck.value < range.min || healthCheck.value > range.max) {
      // The allocator fails with an internal error that carries no field path.
      ctx.report({ code: 'service/health-check-node-port-out-of-range', span: healthCheck.span, path: null, message: `healthCheckNodePort ${healthCheck.value} is outside the node port range ${range.min}-${range.max}` });
    }
  }
  const internal = service.internalTrafficPolicy;
  if (internal && internal.value !== '' && internal.value !== 'Cluster' && internal.value !== 'Local') {
    ctx.report({ code: 'service/invalid-traffic-policy', span: internal.span, path: 'spec.internalTrafficPolicy', message: `internalTrafficPolicy "${internal.value}" is not supported: use Cluster or Local` });
  }
  const distribution = service.trafficDistribution;
  if (distribution && distribution.value !== '') {
    if (!trafficDistributions.includes(distribution.value)) {
      ctx.report({ code: 'service/invalid-traffic-distribution', span: distribution.span, path: 'spec.trafficDistribution', message: `trafficDistribution "${distribution.value}" is not supported: use PreferClose, PreferSameZone or PreferSameNode` });
    } else if (distribution.value === 'PreferClose') {
      ctx.report({ code: 'service/deprecated-value', span: distribution.span, path: 'spec.trafficDistribution', message: 'trafficDistribution PreferClose is deprecated in the newest Kubernetes releases in favour of PreferSameZone, which means the same' });
    }
  }
}

export function checkHeadlessIgnoredFields(ctx: RuleContext, service: ServiceModel): void {
  if (!isHeadless(service)) return;
  const headlessNote = 'a headless Service has no virtual IP, so nothing uses it';
  if (service.loadBalancerIP && service.loadBalancerIP.value !== '') {
    ctx.report({ code: 'service/ignored-field', span: service.loadBalancerIP.span, path: 'spec.loadBalancerIP', message: `loadBalancerIP is ignored: ${headlessNote}` });
  }
  if (service.externalIPs?.value.length) {
    ctx.report({ code: 'service/ignored-field', span: service.externalIPs.span, path: 'spec.externalIPs', message: `externalIPs are ignored: ${headlessNote}` });
  }
}

export function checkTopologyAnnotations(ctx: RuleContext, service: ServiceModel): void {
  const annotations = service.metadata.annotations?.value ?? [];
  const mode = annotations.find((pair) => pair.key === topologyMode);
  const hints = annotations.find((pair) => pair.key === topologyHints);
  if (hints) {
    ctx.report({ code: 'service/deprecated-value', span: hints.keySpan, path: `metadata.annotations[${topologyHints}]`, message: `the ${topologyHints} annotation is deprecated: use ${topologyMode}` });
  }
  if (mode && hints && mode.value !== hints.value) {
    ctx.report({
      code: 'service/topology-annotation-mismatch',
      span: mode.valueSpan,
      path: `metadata.annotations[${topologyMode}]`,
      message: `${topologyMode} "${mode.value}" must match ${topologyHints} "${hints.value}" when both are set`,
    });
  }
}
