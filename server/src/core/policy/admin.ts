/**
 * The cluster-wide tiers of the network-policy-api (policy.networking.k8s.io/v1alpha1):
 * AdminNetworkPolicy (ANP) and BaselineAdminNetworkPolicy (BANP), decoded once. As the API's
 * type comments say (apis/v1alpha1/adminnetworkpolicy_types.go, baseline…_types.go): an ANP has a
 * `priority` (0–1000, lower first), a `subject` (`namespaces`, or `pods` with a namespace and a
 * pod selector), and ordered ingress and egress rules, each with an `action` (Allow, Deny, Pass),
 * peers (`namespaces`, `pods`; for egress also `nodes` and `networks`) and optional `ports`
 * (`portNumber`, `namedPort`, `portRange`). Within one policy the first rule that matches decides.
 * The BANP is the singleton `default`, with Allow and Deny only; it decides what no ANP and no
 * NetworkPolicy did. The engine is in connectivity.ts.
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
  readonly specSpan: Span;
  readonly priority?: Read<number>;
  readonly subject?: AdminSelection;
  readonly ingress: readonly AdminRuleModel[];
  readonly egress: readonly AdminRuleModel[];
}

export const adminPolicyKinds: ReadonlySet<string> = new Set(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);

export function decodeAdminPolicy(ctx: RuleContext, kind: string): AdminPolicyModel {
  const tier: AdminTier = kind === 'BaselineAdminNetworkPolicy' ? 'baseline' : 'admin';
  const spec = readMap(ctx, ctx.object.root, 'spec', 'spec');
  if (!spec) return { tier, specSpan: ctx.object.anchorSpan, ingress: [], egress: [] };
  const map = spec.value;
  const subject = readMap(ctx, map, 'subject', 'spec.subject');
  return {
    tier,
    specSpan: spec.span,
    ...(tier === 'admin' ? { priority: readInt(ctx, map, 'priority', 'spec.priority') } : {}),
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
    };
  });
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
