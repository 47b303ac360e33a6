/**
 * The cluster-wide tiers of the network-policy-api (policy.networking.k8s.io/v1alpha1):
 * AdminNetworkPolicy (ANP) and BaselineAdminNetworkPolicy (BANP), decoded once. As the API's
 * type comments say (apis/v1alpha1/adminnetworkpolicy_types.go, baseline…_types.go): an ANP has a
 * `priority` (0–1000, lower first), a `subject` (`namespaces`, or `pods` with a namespace and a
 * pod selector), and ordered ingress and egress rules, each with an `action` (Allow, Deny, Pass),
 * peers (`namespaces`, `pods`; for egress also `nodes` and `networks`) and optional `ports`
 * (`portNumber`, `namedPort`, `portRange`). Within one policy the first rule that matches decides.
 * The BANP is the singleton `default`, with Allow and Deny only; it decides what no ANP and no
 * NetworkPolicy did. Their successor, ClusterNetworkPolicy (v1alpha2, apis/v1alpha2/
 * clusternetworkpolicy_types.go), is one kind with a `tier` (Admin or Baseline) and a priority in
 * both, actions Accept, Deny and Pass, and ports as `protocols` (tcp, udp, sctp with a
 * destinationPort number or range, or a destinationNamedPort); it is read into the same model.
 * The engine is in connectivity.ts.
 */
import type { Span } from '../model';
import { mapItems, readInt, readMap, readSeq, readString, readStringList } from '../rules/context';
import type { Read, RuleContext } from '../rules/context';
import type { YAMLMap } from '../yamlView';
import { readSelector } from './model';
import type { LabelSelectorModel } from './model';

export type AdminTier = 'admin' | 'baseline';
export type AdminAction = 'Allow' | 'Deny' | 'Pass';

/** `namespaces` (every Pod of the selected namespaces) or `pods` (selected Pods of selected namespaces). */
export interface AdminSelection {
  readonly span: Span;
  readonly path: string;
  readonly namespaces?: LabelSelectorModel;
  readonly pods?: { readonly namespaceSelector?: LabelSelectorModel; readonly podSelector?: LabelSelectorModel; readonly span: Span };
}

export interface AdminPeerModel extends AdminSelection {
  readonly index: number;
  /** Egress only: CIDRs outside the cluster (or inside it; Pods are not matched by address here). */
  readonly networks?: ReadonlyArray<{ readonly value: string; readonly span: Span }>;
  /** Egress only: nodes; K8s Route models no node peers, so such a peer matches nothing here. */
  readonly nodes?: LabelSelectorModel;
}

export interface AdminPortModel {
  readonly index: number;
  readonly path: string;
  readonly span: Span;
  /** ClusterNetworkPolicy: how many of tcp, udp, sctp, destinationNamedPort the entry sets (exactly one is allowed). */
  readonly protocolCount?: number;
  /** ClusterNetworkPolicy: a protocol entry without a destinationPort, covering the whole protocol. */
  readonly wholeProtocol?: boolean;
  readonly portNumber?: { readonly protocol: string; readonly port?: Read<number> };
  readonly namedPort?: Read<string>;
  readonly portRange?: { readonly protocol: string; readonly start?: Read<number>; readonly end?: Read<number> };
}

export interface AdminRuleModel {
  readonly index: number;
  readonly path: string;
  readonly span: Span;
  readonly name?: Read<string>;
  readonly action?: Read<string>;
  readonly peers: readonly AdminPeerModel[];
  /** Undefined: every port. */
  readonly ports?: readonly AdminPortModel[];
}

export interface AdminPolicyModel {
  readonly tier: AdminTier;
  /** ClusterNetworkPolicy (v1alpha2 and later) rather than the v1alpha1 kinds. */
  readonly cluster?: boolean;
  /** ClusterNetworkPolicy: spec.tier as written. */
  readonly tierField?: Read<string>;
  readonly specSpan: Span;
  readonly priority?: Read<number>;
  readonly subject?: AdminSelection;
  readonly ingress: readonly AdminRuleModel[];
  readonly egress: readonly AdminRuleModel[];
}

export const adminPolicyKinds: ReadonlySet<string> = new Set(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy']);

export function decodeAdminPolicy(ctx: RuleContext, kind: string): AdminPolicyModel {
  const cluster = kind === 'ClusterNetworkPolicy';
  const spec = readMap(ctx, ctx.object.root, 'spec', 'spec');
  const tierField = cluster && spec ? readString(ctx, spec.value, 'tier', 'spec.tier') : undefined;
  const tier: AdminTier = kind === 'BaselineAdminNetworkPolicy' || tierField?.value === 'Baseline' ? 'baseline' : 'admin';
  if (!spec) return { tier, ...(cluster ? { cluster } : {}), specSpan: ctx.object.anchorSpan, ingress: [], egress: [] };
  const map = spec.value;
  const subject = readMap(ctx, map, 'subject', 'spec.subject');
  return {
    tier,
    ...(cluster ? { cluster, ...(tierField ? { tierField } : {}) } : {}),
    specSpan: spec.span,
    ...(tier === 'admin' || cluster ? { priority: readInt(ctx, map, 'priority', 'spec.priority') } : {}),
    ...(subject ? { subject: readSelection(ctx, subject.value, subject.span, 'spec.subject') } : {}),
    ingress: readRules(ctx, map, 'ingress', 'from'),
    egress: readRules(ctx, map, 'egress', 'to'),
  };
}

function readSelection(ctx: RuleContext, map: YAMLMap, span: Span, path: string): AdminSelection {
  const pods = readMap(ctx, map, 'pods', `${path}.pods`);
  return {
    span,
    path,
    namespaces: readSelector(ctx, map, 'namespaces', `${path}.namespaces`),
    ...(pods
      ? {
          pods: {
            span: pods.span,
            namespaceSelector: readSelector(ctx, pods.value, 'namespaceSelector', `${path}.pods.namespaceSelector`),
            podSelector: readSelector(ctx, pods.value, 'podSelector', `${path}.pods.podSelector`),
          },
        }
      : {}),
  };
}

function readRules(ctx: RuleContext, spec: YAMLMap, key: 'ingress' | 'egress', peersKey: 'from' | 'to'): AdminRuleModel[] {
  const list = readSeq(ctx, spec, key, `spec.${key}`);
  if (!list) return [];
  return mapItems(ctx, list.value, `spec.${key}`).map(({ index, map, path }) => {
    const peers = readSeq(ctx, map, peersKey, `${path}.${peersKey}`);
    const ports = readSeq(ctx, map, 'ports', `${path}.ports`);
    // ClusterNetworkPolicy writes its ports as `protocols`.
    const protocols = readSeq(ctx, map, 'protocols', `${path}.protocols`);
    return {
      index,
      path,
      span: ctx.view.span(map),
      name: readString(ctx, map, 'name', `${path}.name`),
      action: readString(ctx, map, 'action', `${path}.action`),
      peers: peers
        ? mapItems(ctx, peers.value, `${path}.${peersKey}`).map(({ index: peerIndex, map: peer, path: peerPath }) => {
            const networks = readStringList(ctx, peer, 'networks', `${peerPath}.networks`);
            return {
              ...readSelection(ctx, peer, ctx.view.span(peer), peerPath),
              index: peerIndex,
              ...(networks ? { networks: networks.value.map((item) => ({ value: item.value, span: item.span })) } : {}),
              nodes: readSelector(ctx, peer, 'nodes', `${peerPath}.nodes`),
            };
          })
        : [],
      ...(ports ? { ports: mapItems(ctx, ports.value, `${path}.ports`).map(({ index: portIndex, map: port, path: portPath }) => readPort(ctx, port, portIndex, portPath)) } : {}),
      ...(protocols ? { ports: mapItems(ctx, protocols.value, `${path}.protocols`).map(({ index: portIndex, map: protocol, path: protocolPath }) => readProtocol(ctx, protocol, portIndex, protocolPath)) } : {}),
    };
  });
}

/** A ClusterNetworkPolicy `protocols` entry (`tcp: {destinationPort: {number | range}}`, or `destinationNamedPort`) as a port. */
function readProtocol(ctx: RuleContext, entry: YAMLMap, index: number, path: string): AdminPortModel {
  const base = { index, path, span: ctx.view.span(entry) };
  const named = readString(ctx, entry, 'destinationNamedPort', `${path}.destinationNamedPort`);
  const kinds = (['tcp', 'udp', 'sctp'] as const).flatMap((key) => {
    const found = readMap(ctx, entry, key, `${path}.${key}`);
    return found ? [{ key, map: found.value }] : [];
  });
  const chosen = kinds[0];
  if (!chosen) return { ...base, ...(named ? { namedPort: named } : {}), protocolCount: (named ? 1 : 0) + kinds.length } as AdminPortModel;
  const protocol = chosen.key.toUpperCase();
  const destination = readMap(ctx, chosen.map, 'destinationPort', `${path}.${chosen.key}.destinationPort`);
  const number = destination ? readInt(ctx, destination.value, 'number', `${path}.${chosen.key}.destinationPort.number`) : undefined;
  const range = destination ? readMap(ctx, destination.value, 'range', `${path}.${chosen.key}.destinationPort.range`) : undefined;
  return {
    ...base,
    protocolCount: kinds.length + (named ? 1 : 0),
    ...(number ? { portNumber: { protocol, port: number } } : {}),
    ...(range ? { portRange: { protocol, start: readInt(ctx, range.value, 'start', `${path}.${chosen.key}.destinationPort.range.start`), end: readInt(ctx, range.value, 'end', `${path}.${chosen.key}.destinationPort.range.end`) } } : {}),
    // A protocol without a port: every port of that protocol.
    ...(!number && !range ? { portRange: { protocol, start: { value: 1, span: base.span }, end: { value: 65535, span: base.span } }, wholeProtocol: true } : {}),
    ...(named ? { namedPort: named } : {}),
  } as AdminPortModel;
}

function readPort(ctx: RuleContext, port: YAMLMap, index: number, path: string): AdminPortModel {
  const number = readMap(ctx, port, 'portNumber', `${path}.portNumber`);
  const range = readMap(ctx, port, 'portRange', `${path}.portRange`);
  return {
    index,
    path,
    span: ctx.view.span(port),
    ...(number ? { portNumber: { protocol: readString(ctx, number.value, 'protocol', `${path}.portNumber.protocol`)?.value ?? 'TCP', port: readInt(ctx, number.value, 'port', `${path}.portNumber.port`) } } : {}),
    namedPort: readString(ctx, port, 'namedPort', `${path}.namedPort`),
    ...(range
      ? { portRange: { protocol: readString(ctx, range.value, 'protocol', `${path}.portRange.protocol`)?.value ?? 'TCP', start: readInt(ctx, range.value, 'start', `${path}.portRange.start`), end: readInt(ctx, range.value, 'end', `${path}.portRange.end`) } }
      : {}),
  };
}

// Validation: the published CRDs' schema and CEL rules (network-policy-api v0.1.x, v1alpha1). ------

const ruleActions: Readonly<Record<AdminTier, readonly string[]>> = { admin: ['Allow', 'Deny', 'Pass'], baseline: ['Allow', 'Deny'] };
const clusterActions = ['Accept', 'Deny', 'Pass'];
const portProtocols = ['TCP', 'UDP', 'SCTP'];

/** What the API server refuses in an AdminNetworkPolicy or BaselineAdminNetworkPolicy, as errors at their paths. */
export function checkAdminPolicy(ctx: RuleContext, policy: AdminPolicyModel): void {
  const kind = ctx.object.kind;
  const actions = policy.cluster ? clusterActions : ruleActions[policy.tier];
  const maxRules = policy.cluster ? 25 : 100;
  if (policy.cluster) {
    if (!policy.tierField) ctx.report({ code: 'adminpolicy/required', span: policy.specSpan, path: 'spec.tier', message: 'a ClusterNetworkPolicy needs spec.tier: Admin or Baseline' });
    else if (policy.tierField.value !== 'Admin' && policy.tierField.value !== 'Baseline') ctx.report({ code: 'adminpolicy/invalid-value', span: policy.tierField.span, path: 'spec.tier', message: `tier "${policy.tierField.value}" is not supported: use Admin or Baseline` });
  }
  if (policy.tier === 'baseline' && !policy.cluster && ctx.object.name !== undefined && ctx.object.name !== 'default') {
    ctx.report({ code: 'adminpolicy/invalid-value', span: nameSpan(ctx), path: 'metadata.name', message: `a BaselineAdminNetworkPolicy must be named "default" (it is a singleton), not "${ctx.object.name}"` });
  }
  if (policy.tier === 'admin' || policy.cluster) {
    if (!policy.priority) ctx.report({ code: 'adminpolicy/required', span: policy.specSpan, path: 'spec.priority', message: `${policy.cluster ? 'a ClusterNetworkPolicy' : 'an AdminNetworkPolicy'} needs spec.priority (0 to 1000, lower numbers decide first)` });
    else if (policy.priority.value < 0 || policy.priority.value > 1000) ctx.report({ code: 'adminpolicy/invalid-value', span: policy.priority.span, path: 'spec.priority', message: `priority ${policy.priority.value} must be between 0 and 1000` });
  }
  if (!policy.subject) ctx.report({ code: 'adminpolicy/required', span: policy.specSpan, path: 'spec.subject', message: `spec.subject is required: the namespaces or Pods the ${kind} applies to` });
  else checkSelection(ctx, policy.subject, ['namespaces', 'pods']);
  for (const [rules, direction, peersKey] of [[policy.ingress, 'ingress', 'from'], [policy.egress, 'egress', 'to']] as const) {
    if (rules.length > maxRules) ctx.report({ code: 'adminpolicy/invalid-value', span: rules[maxRules].span, path: `spec.${direction}`, message: `spec.${direction} may hold at most ${maxRules} rules` });
    for (const rule of rules) {
      const action = rule.action?.value;
      if (action === undefined) ctx.report({ code: 'adminpolicy/required', span: rule.span, path: `${rule.path}.action`, message: `a rule needs an action: ${actions.join(', ')}` });
      else if (!actions.includes(action)) ctx.report({ code: 'adminpolicy/invalid-value', span: rule.action!.span, path: `${rule.path}.action`, message: `action "${action}" is not supported here: use ${actions.join(', ')}` });
      if ((rule.name?.value.length ?? 0) > 100) ctx.report({ code: 'adminpolicy/invalid-value', span: rule.name!.span, path: `${rule.path}.name`, message: 'a rule name may be at most 100 characters' });
      if (rule.peers.length === 0) ctx.report({ code: 'adminpolicy/required', span: rule.span, path: `${rule.path}.${peersKey}`, message: `a rule needs at least one peer in ${peersKey}` });
      for (const peer of rule.peers) checkSelection(ctx, peer, direction === 'ingress' ? ['namespaces', 'pods'] : ['namespaces', 'pods', 'nodes', 'networks']);
      for (const port of rule.ports ?? []) checkPort(ctx, port);
    }
  }
}

function checkSelection(ctx: RuleContext, selection: AdminSelection | AdminPeerModel, allowed: readonly string[]): void {
  const present = [
    selection.namespaces ? 'namespaces' : undefined,
    selection.pods ? 'pods' : undefined,
    'nodes' in selection && selection.nodes ? 'nodes' : undefined,
    'networks' in selection && selection.networks ? 'networks' : undefined,
  ].filter((key): key is string => key !== undefined);
  if (present.length !== 1) {
    ctx.report({ code: 'adminpolicy/one-of', span: selection.span, path: selection.path, message: present.length === 0 ? `exactly one of ${allowed.join(', ')} must be set` : `only one of ${allowed.join(', ')} may be set, not ${present.join(' and ')}` });
  }
  for (const key of present) {
    if (!allowed.includes(key)) ctx.report({ code: 'adminpolicy/one-of', span: selection.span, path: `${selection.path}.${key}`, message: `${key} is not allowed here: use ${allowed.join(', ')}` });
  }
  if (selection.pods) {
    if (!selection.pods.namespaceSelector) ctx.report({ code: 'adminpolicy/required', span: selection.pods.span, path: `${selection.path}.pods.namespaceSelector`, message: 'pods needs a namespaceSelector ({} for every namespace)' });
    if (!selection.pods.podSelector) ctx.report({ code: 'adminpolicy/required', span: selection.pods.span, path: `${selection.path}.pods.podSelector`, message: 'pods needs a podSelector ({} for every Pod)' });
  }
  if ('networks' in selection && selection.networks) {
    if (selection.networks.length === 0 || selection.networks.length > 25) ctx.report({ code: 'adminpolicy/invalid-value', span: selection.span, path: `${selection.path}.networks`, message: 'networks must list between 1 and 25 CIDRs' });
    selection.networks.forEach((network, index) => {
      if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(network.value) || cidrProblem(network.value)) ctx.report({ code: 'adminpolicy/invalid-value', span: network.span, path: `${selection.path}.networks[${index}]`, message: `"${network.value}" is not a valid CIDR` });
    });
  }
}

function checkPort(ctx: RuleContext, port: AdminPortModel): void {
  if (port.protocolCount !== undefined) {
    if (port.protocolCount !== 1) ctx.report({ code: 'adminpolicy/one-of', span: port.span, path: port.path, message: 'exactly one of tcp, udp, sctp, destinationNamedPort must be set' });
    if (port.wholeProtocol) return;
  }
  const present = [port.portNumber ? 'portNumber' : undefined, port.namedPort ? 'namedPort' : undefined, port.portRange ? 'portRange' : undefined].filter((key): key is string => key !== undefined);
  if (port.protocolCount === undefined && present.length !== 1) {
    ctx.report({ code: 'adminpolicy/one-of', span: port.span, path: port.path, message: present.length === 0 ? 'exactly one of portNumber, namedPort, portRange must be set' : `only one of portNumber, namedPort, portRange may be set, not ${present.join(' and ')}` });
  }
  const inRange = (value: number): boolean => Number.isInteger(value) && value >= 1 && value <= 65535;
  if (port.portNumber) {
    if (!portProtocols.includes(port.portNumber.protocol)) ctx.report({ code: 'adminpolicy/invalid-value', span: port.span, path: `${port.path}.portNumber.protocol`, message: `protocol "${port.portNumber.protocol}" is not supported: use TCP, UDP or SCTP` });
    if (!port.portNumber.port) ctx.report({ code: 'adminpolicy/required', span: port.span, path: `${port.path}.portNumber.port`, message: 'portNumber needs a port' });
    else if (!inRange(port.portNumber.port.value)) ctx.report({ code: 'adminpolicy/invalid-value', span: port.portNumber.port.span, path: `${port.path}.portNumber.port`, message: `port ${port.portNumber.port.value} must be between 1 and 65535` });
  }
  if (port.portRange) {
    const { start, end } = port.portRange;
    if (!portProtocols.includes(port.portRange.protocol)) ctx.report({ code: 'adminpolicy/invalid-value', span: port.span, path: `${port.path}.portRange.protocol`, message: `protocol "${port.portRange.protocol}" is not supported: use TCP, UDP or SCTP` });
    if (!start || !end) ctx.report({ code: 'adminpolicy/required', span: port.span, path: `${port.path}.portRange`, message: 'portRange needs start and end' });
    else {
      for (const [value, key] of [[start, 'start'], [end, 'end']] as const) if (!inRange(value.value)) ctx.report({ code: 'adminpolicy/invalid-value', span: value.span, path: `${port.path}.portRange.${key}`, message: `${key} ${value.value} must be between 1 and 65535` });
      if (start.value >= end.value) ctx.report({ code: 'adminpolicy/invalid-value', span: end.span, path: `${port.path}.portRange`, message: `start (${start.value}) must be less than end (${end.value})` });
    }
  }
}

function cidrProblem(text: string): boolean {
  const [address, prefix] = text.split('/');
  const length = Number(prefix);
  const v4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(address) && address.split('.').every((part) => Number(part) <= 255);
  const v6 = address.includes(':');
  return !(v4 && length <= 32) && !(v6 && length <= 128);
}

function nameSpan(ctx: RuleContext): Span {
  const view = ctx.object.view;
  const metadata = view.deref(view.get(ctx.object.root, 'metadata')?.value ?? null);
  const name = metadata && 'items' in metadata ? view.get(metadata as YAMLMap, 'name') : undefined;
  const node = name ? view.deref(name.value) : null;
  return node ? view.span(node) : ctx.object.anchorSpan;
}
