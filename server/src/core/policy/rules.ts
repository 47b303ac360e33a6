/**
 * What NetworkPolicies do to traffic that the API server never checks: a Service port whose Pods
 * accept its targetPort from nobody, a policy port naming a container port no Pod has, a policy
 * that allows the Service port instead of the Pods' target port, an egress isolation that also
 * blocks DNS, a policy that selects no Pod, a policy that selects hostNetwork Pods. All are
 * accepted by the API server, so warnings or information. Computed over one unit at a time.
 */
import type { Finding, RelatedLocation, Severity, Span } from '../model';
import { resolvedNumber, resolveTargetPort, selectorHolds, shortName } from '../routing';
import type { IndexedObject } from '../routing';
import { ruleInfo } from '../rules/catalog';
import { effectiveProtocol, effectiveType } from '../rules/serviceShape';
import { isRejected } from './connectivity';
import type { Connectivity, Workload } from './connectivity';
import { selectorText } from './model';
import type { PolicyRuleModel } from './model';
import type { Protocol } from './ports';

export function checkPolicies(connectivity: Connectivity, objects: readonly IndexedObject[], disabled: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  const report = (object: IndexedObject, code: string, span: Span, path: string | null, message: string, related: RelatedLocation[] = [], data?: Record<string, unknown>, severity?: Severity): void => {
    if (disabled.has(code)) return;
    findings.push({ code, severity: severity ?? ruleInfo(code).severity, file: object.file, span, message, path, object: object.id, ...(related.length > 0 ? { related } : {}), ...(data ? { data } : {}) });
  };
  const policies = objects.filter((object) => object.object.recognized === 'NetworkPolicy' && object.decoded.networkPolicy && !isRejected(object));
  if (policies.length === 0 && !connectivity.hasTiers) return findings;
  for (const policy of policies) checkPolicy(connectivity, policy, objects, report);
  for (const service of objects) if (service.object.recognized === 'Service' && service.decoded.service) checkServiceReachable(connectivity, service, report);
  checkDns(connectivity, report);
  checkAdminPriorities(connectivity, report);
  checkPassRules(connectivity, report);
  return findings;
}

/**
 * A Pass rule of the admin tier hands its connections to NetworkPolicies and then the baseline.
 * When neither decides anything for the Pods the policy holds, Pass is the same as Allow: worth
 * knowing, since it often means the decision was meant to be made below and nothing makes it.
 */
function checkPassRules(connectivity: Connectivity, report: Report): void {
  const objects = new Set<IndexedObject>();
  for (const workload of connectivity.workloads) for (const policy of connectivity.tierPoliciesOf(workload)) if (policy.decoded.adminPolicy?.tier === 'admin') objects.add(policy);
  for (const policy of objects) {
    const model = policy.decoded.adminPolicy!;
    const held = connectivity.workloads.filter((workload) => connectivity.tierPoliciesOf(workload).includes(policy));
    if (held.length === 0) continue;
    for (const direction of ['ingress', 'egress'] as const) {
      const below = held.some((workload) => (direction === 'ingress' ? connectivity.ingressPoliciesOf(workload) : connectivity.egressPoliciesOf(workload)).length > 0 || connectivity.tierPoliciesOf(workload).some((other) => other.decoded.adminPolicy?.tier === 'baseline' && (other.decoded.adminPolicy[direction].length ?? 0) > 0));
      if (below) continue;
      for (const rule of model[direction]) {
        if (rule.action?.value !== 'Pass') continue;
        report(policy, 'adminpolicy/pass-to-nothing', rule.action.span, `${rule.path}.action`, `Pass hands these connections to NetworkPolicies and the baseline, but none decides ${direction} for the Pods this policy holds (${held.slice(0, 3).map((workload) => `${workload.kind}/${workload.namespace}/${workload.name}`).join(', ')}${held.length > 3 ? ` and ${held.length - 3} more` : ''}), so they are allowed`);
      }
    }
  }
}

/**
 * Two AdminNetworkPolicies with one priority that both hold a Pod: which decides first is
 * undefined (network-policy-api: "the behavior is undefined"), so the outcome depends on the
 * implementation.
 */
function checkAdminPriorities(connectivity: Connectivity, report: Report): void {
  const clashes = new Map<IndexedObject, { others: Set<IndexedObject>; example: Workload }>();
  for (const workload of connectivity.workloads) {
    // Within a tier: AdminNetworkPolicies and Admin ClusterNetworkPolicies, or Baseline ClusterNetworkPolicies.
    const ranked = connectivity.tierPoliciesOf(workload).filter((policy) => policy.decoded.adminPolicy?.tier === 'admin' || policy.decoded.adminPolicy?.cluster);
    for (const policy of ranked) {
      const priority = policy.decoded.adminPolicy!.priority?.value;
      for (const other of ranked) {
        if (other === policy || other.decoded.adminPolicy!.tier !== policy.decoded.adminPolicy!.tier || other.decoded.adminPolicy!.priority?.value !== priority) continue;
        const entry = clashes.get(policy) ?? { others: new Set(), example: workload };
        entry.others.add(other);
        clashes.set(policy, entry);
      }
    }
  }
  for (const [policy, { others, example }] of clashes) {
    const model = policy.decoded.adminPolicy!;
    const names = [...others].map((other) => `${other.object.kind}/${other.object.name ?? ''}`).join(', ');
    report(
      policy,
      'adminpolicy/same-priority',
      model.priority?.span ?? policy.object.anchorSpan,
      'spec.priority',
      `${names} ${others.size === 1 ? 'has' : 'have'} the same priority ${model.priority?.value ?? '?'} and ${others.size === 1 ? 'holds' : 'hold'} some of the same Pods (${example.kind}/${example.namespace}/${example.name}); which decides first is undefined, so give each a priority of its own`,
      [...others].map((other) => related(other, `${other.object.kind}/${other.object.name ?? ''}`)),
    );
  }
}

type Report = (object: IndexedObject, code: string, span: Span, path: string | null, message: string, related?: RelatedLocation[], data?: Record<string, unknown>, severity?: Severity) => void;

function related(policy: IndexedObject, message: string): RelatedLocation {
  return { file: policy.file, span: policy.object.anchorSpan, message };
}

function checkPolicy(connectivity: Connectivity, policy: IndexedObject, objects: readonly IndexedObject[], report: Report): void {
  const model = policy.decoded.networkPolicy!;
  const selected = connectivity.selectedBy(policy);
  const selectorSpan = model.podSelector?.span ?? model.specSpan;
  if (selected.length === 0) {
    const every = !model.podSelector || (model.podSelector.matchLabels.length === 0 && model.podSelector.matchExpressions.length === 0);
    report(
      policy,
      'networkpolicy/selects-nothing',
      selectorSpan,
      'spec.podSelector',
      every
        ? `this policy selects every Pod of namespace ${policy.namespace}, but the files define no workload there, so it changes nothing they deploy`
        : `podSelector ${selectorText(model.podSelector!)} selects no Pod in namespace ${policy.namespace}, so this policy changes nothing`,
    );
  }
  const hostNetwork = selected.filter((workload) => workload.hostNetwork);
  if (hostNetwork.length > 0) {
    report(policy, 'networkpolicy/host-network', selectorSpan, 'spec.podSelector', `${hostNetwork.map((workload) => `${workload.kind}/${workload.name}`).join(', ')} ${hostNetwork.length === 1 ? 'uses' : 'use'} the node's network (hostNetwork: true); whether a policy applies to such Pods depends on the network plugin`);
  }
  for (const direction of ['ingress', 'egress'] as const) {
    for (const rule of (direction === 'ingress' ? model.ingress : model.egress) ?? []) {
      checkNamedPorts(connectivity, policy, direction, rule, selected, report);
      if (direction === 'ingress') checkServicePortInsteadOfTarget(connectivity, policy, rule, selected, objects, report);
    }
  }
}

/** A named port no destination Pod has allows nothing. */
function checkNamedPorts(connectivity: Connectivity, policy: IndexedObject, direction: 'ingress' | 'egress', rule: PolicyRuleModel, selected: readonly Workload[], report: Report): void {
  // Ingress ports are the selected Pods'; egress ports the destination Pods' (those the peers match).
  const destinations = direction === 'ingress' ? selected : connectivity.workloads.filter((workload) => connectivity.allowedByRule(policy, rule, { workload }));
  if (destinations.length === 0) return;
  for (const port of rule.ports ?? []) {
    const name = port.port?.value;
    if (typeof name !== 'string') continue;
    const protocol = port.protocol?.value ?? 'TCP';
    if (destinations.some((workload) => workload.ports.some((declared) => declared.name === name && declared.protocol === protocol))) continue;
    const sample = destinations[0];
    const has = sample.ports.filter((declared) => declared.name).map((declared) => `${declared.name} (${declared.number}/${declared.protocol})`);
    report(policy, 'networkpolicy/unknown-port', port.port!.span, `${port.path}.port`, `port "${name}" names no ${protocol} container port of the Pods this rule is about, so it allows nothing; ${sample.kind}/${sample.name} ${has.length > 0 ? `has ${has.join(', ')}` : 'has no named ports'}`);
  }
}

/** A policy port equal to a Service's `port` whose Pods listen on another targetPort. */
function checkServicePortInsteadOfTarget(connectivity: Connectivity, policy: IndexedObject, rule: PolicyRuleModel, selected: readonly Workload[], objects: readonly IndexedObject[], report: Report): void {
  for (const port of rule.ports ?? []) {
    const number = port.port?.value;
    if (typeof number !== 'number' || port.endPort !== undefined) continue;
    const protocol = (port.protocol?.value ?? 'TCP') as Protocol;
    for (const workload of selected) {
      for (const service of servicesSelecting(objects, workload)) {
        for (const servicePort of service.decoded.service?.ports?.value ?? []) {
          if (servicePort.port?.value !== number || effectiveProtocol(servicePort) !== protocol) continue;
          const resolution = resolveTargetPort(servicePort, workload.object);
          const target = resolvedNumber(resolution);
          if (target === undefined || target === number || connectivity.acceptsFromAnyone(workload, protocol, target)) continue;
          report(
            policy,
            'networkpolicy/service-port-not-target',
            port.port!.span,
            `${port.path}.port`,
            `port ${number} is the port of Service/${service.object.name ?? ''}, but its Pods (${workload.kind}/${workload.name}) receive on targetPort ${target}, which no rule allows: policies see Pod ports, never Service ports`,
            [{ file: service.file, span: servicePort.span, message: `Service/${service.object.name ?? ''} port ${number} → targetPort ${target}` }],
            { targetPort: target },
          );
          return;
        }
      }
    }
  }
}

/** A Service port whose Pods accept its targetPort from no workload and no address. */
function checkServiceReachable(connectivity: Connectivity, service: IndexedObject, report: Report): void {
  const model = service.decoded.service!;
  if (effectiveType(model) === 'ExternalName' || (model.selector?.value.length ?? 0) === 0) return;
  const workloads = connectivity.workloads.filter((workload) => workload.namespace === service.namespace && selectorHolds(model.selector!.value, workload.labels));
  if (workloads.length === 0) return;
  for (const port of model.ports?.value ?? []) {
    const protocol = effectiveProtocol(port) as Protocol;
    const blocked: Array<{ workload: Workload; target: number }> = [];
    for (const workload of workloads) {
      const resolution = resolveTargetPort(port, workload.object);
      const target = resolvedNumber(resolution);
      if (target === undefined) continue;
      if (connectivity.acceptsFromAnyone(workload, protocol, target)) break;
      blocked.push({ workload, target });
    }
    if (blocked.length === 0 || blocked.length < workloads.length) continue;
    const isolating = connectivity.ingressPoliciesOf(blocked[0].workload);
    // Admin and baseline policies that hold the Pods decide before and after NetworkPolicies.
    const tiers = connectivity.tierPoliciesOf(blocked[0].workload);
    const deciders = [...tiers, ...isolating];
    const names = deciders.map((policy) => `${policy.object.kind}/${policy.object.name ?? ''}`).join(', ');
    const why = tiers.length === 0 ? `${names} ${isolating.length === 1 ? 'isolates' : 'isolate'} its Pods and no rule allows this port` : `no rule of ${names} lets this port through`;
    const targets = [...new Set(blocked.map((item) => item.target))].join(', ');
    report(
      service,
      'networkpolicy/service-unreachable',
      port.targetPort?.span ?? port.port?.span ?? port.span,
      `${port.path}.targetPort`,
      `no workload and no address outside the cluster may connect to targetPort ${targets}/${protocol} of ${blocked.map((item) => `${item.workload.kind}/${item.workload.name}`).join(', ')}: ${why}`,
      deciders.map((policy) => related(policy, isolating.includes(policy) ? `NetworkPolicy/${policy.object.name ?? ''} isolates ${shortName(blocked[0].workload.object)} for ingress` : `${policy.object.kind}/${policy.object.name ?? ''} holds ${shortName(blocked[0].workload.object)}`)),
    );
  }
}

/**
 * Egress isolation without DNS: no rule allows UDP 53 anywhere (names do not resolve), or none
 * allows TCP 53 (answers too large for UDP cannot be fetched again over TCP).
 */
function checkDns(connectivity: Connectivity, report: Report): void {
  // Per policy, the Pods that need DNS and those that deliberately do without (no egress at all, or hostNetwork).
  const byPolicy = new Map<string, { policy: IndexedObject; deliberate: boolean; workloads: Workload[]; missing: Set<'UDP' | 'TCP'> }>();
  for (const workload of connectivity.workloads) {
    const isolating = connectivity.egressPoliciesOf(workload);
    const policies = [...connectivity.tierPoliciesOf(workload).filter((policy) => (policy.decoded.adminPolicy?.egress.length ?? 0) > 0), ...isolating];
    if (policies.length === 0) continue;
    const missing = (['UDP', 'TCP'] as const).filter((protocol) => !connectivity.egressAllowsAnywhere(workload, protocol, 53));
    if (missing.length === 0) continue;
    const deliberate = workload.hostNetwork || (isolating.length > 0 && policies.length === isolating.length && isolating.every((policy) => (policy.decoded.networkPolicy?.egress ?? []).length === 0));
    for (const policy of policies) {
      const key = `${policy.id}\u0000${policy.file}\u0000${policy.object.span.start}\u0000${deliberate}`;
      const entry = byPolicy.get(key) ?? { policy, deliberate, workloads: [], missing: new Set() };
      entry.workloads.push(workload);
      for (const protocol of missing) entry.missing.add(protocol);
      byPolicy.set(key, entry);
    }
  }
  for (const { policy, deliberate, workloads, missing } of byPolicy.values()) {
    const model = policy.decoded.networkPolicy;
    const admin = policy.decoded.adminPolicy;
    const span = model ? (model.policyTypes?.span ?? model.egress?.[0]?.span ?? policy.object.anchorSpan) : (admin?.egress[0]?.span ?? policy.object.anchorSpan);
    const who = `${workloads.map((workload) => `${workload.kind}/${workload.name}`).join(', ')} ${workloads.length === 1 ? 'is' : 'are'} isolated for egress`;
    const they = workloads.length === 1 ? 'it' : 'they';
    const message = missing.has('UDP')
      ? `${who} and no rule allows UDP 53 to any destination, so ${they} cannot resolve Service names (allow UDP and TCP 53 to the cluster DNS, usually kube-system/kube-dns)`
      : `${who} and no rule allows TCP 53 to any destination, so DNS answers too large for UDP cannot be fetched again over TCP (allow TCP 53 beside UDP 53)`;
    const hostNetwork = workloads.every((workload) => workload.hostNetwork);
    const why = hostNetwork ? `; ${they} use${workloads.length === 1 ? 's' : ''} the node's network, where the network plugin may not apply policies` : `; no policy allows ${they === 'it' ? 'it' : 'them'} any egress at all, which looks deliberate`;
    report(policy, 'networkpolicy/dns-blocked', span, model?.policyTypes ? 'spec.policyTypes' : 'spec.egress', deliberate ? `${message}${why}` : message, [], undefined, deliberate ? 'information' : undefined);
  }
}

function servicesSelecting(objects: readonly IndexedObject[], workload: Workload): IndexedObject[] {
  return objects.filter((object) => object.object.recognized === 'Service' && object.namespace === workload.namespace && selectorHolds(object.decoded.service?.selector?.value ?? [], workload.labels));
}
