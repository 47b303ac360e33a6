/**
 * NetworkPolicy (networking.k8s.io/v1) decoded once into a typed model, the way the Kubernetes
 * decoder reads it: wrong types reported once, spans kept for findings, hovers and explanations.
 * Label selectors (matchLabels and matchExpressions) are matched here too. Defaults are applied
 * by the engine (policy/connectivity.ts), not here: the model says what the manifest wrote.
 */
import { readSelectorExpressions } from '../decode';
import type { SelectorExpressionModel, StringPairs } from '../decode';
import type { Span } from '../model';
import { mapItems, readInt, readIntOrString, readMap, readSeq, readString, readStringList, readStringMap } from '../rules/context';
import type { Read, RuleContext } from '../rules/context';
import type { YAMLMap } from '../yamlView';

export interface SelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

/** A LabelSelector; an empty one selects everything. */
export interface LabelSelectorModel {
  readonly span: Span;
  readonly path: string;
  readonly matchLabels: StringPairs;
  readonly matchExpressions: readonly SelectorRequirement[];
  /** The expressions as written, with spans, for validation. */
  readonly expressions: readonly SelectorExpressionModel[];
}

export interface IpBlockModel {
  readonly span: Span;
  readonly cidr?: Read<string>;
  readonly except: ReadonlyArray<{ readonly value: string; readonly span: Span }>;
}

/** One `from` / `to` entry. */
export interface PeerModel {
  readonly index: number;
  readonly path: string;
  readonly span: Span;
  readonly podSelector?: LabelSelectorModel;
  readonly namespaceSelector?: LabelSelectorModel;
  readonly ipBlock?: IpBlockModel;
}

export interface PolicyPortModel {
  readonly index: number;
  readonly path: string;
  readonly span: Span;
  readonly protocol?: Read<string>;
  readonly port?: Read<number | string>;
  readonly endPort?: Read<number>;
}

export interface PolicyRuleModel {
  readonly index: number;
  readonly path: string;
  readonly span: Span;
  /** Undefined or empty: every peer (inside and outside the cluster). */
  readonly peers?: readonly PeerModel[];
  /** Undefined or empty: every port. */
  readonly ports?: readonly PolicyPortModel[];
}

export interface NetworkPolicyModel {
  readonly specSpan: Span;
  readonly podSelector?: LabelSelectorModel;
  readonly policyTypes?: Read<Array<{ index: number; value: string; span: Span }>>;
  /** Undefined when the key is absent (a policy with no ingress rules isolates, allowing nothing). */
  readonly ingress?: readonly PolicyRuleModel[];
  readonly egress?: readonly PolicyRuleModel[];
}

export function decodeNetworkPolicy(ctx: RuleContext): NetworkPolicyModel {
  const spec = readMap(ctx, ctx.object.root, 'spec', 'spec');
  if (!spec) return { specSpan: ctx.object.anchorSpan };
  const map = spec.value;
  const rules = (key: 'ingress' | 'egress', peersKey: 'from' | 'to'): PolicyRuleModel[] | undefined => {
    const list = readSeq(ctx, map, key, `spec.${key}`);
    if (!list) return undefined;
    return mapItems(ctx, list.value, `spec.${key}`).map(({ index, map: rule, path }) => ({
      index,
      path,
      span: ctx.view.span(rule),
      peers: readPeers(ctx, rule, peersKey, `${path}.${peersKey}`),
      ports: readPorts(ctx, rule, `${path}.ports`),
    }));
  };
  return {
    specSpan: spec.span,
    podSelector: readSelector(ctx, map, 'podSelector', 'spec.podSelector'),
    policyTypes: readStringList(ctx, map, 'policyTypes', 'spec.policyTypes'),
    ingress: rules('ingress', 'from'),
    egress: rules('egress', 'to'),
  };
}

function readPeers(ctx: RuleContext, rule: YAMLMap, key: string, path: string): PeerModel[] | undefined {
  const list = readSeq(ctx, rule, key, path);
  if (!list) return undefined;
  return mapItems(ctx, list.value, path).map(({ index, map, path: peerPath }) => {
    const block = readMap(ctx, map, 'ipBlock', `${peerPath}.ipBlock`);
    const except = block ? readStringList(ctx, block.value, 'except', `${peerPath}.ipBlock.except`) : undefined;
    return {
      index,
      path: peerPath,
      span: ctx.view.span(map),
      podSelector: readSelector(ctx, map, 'podSelector', `${peerPath}.podSelector`),
      namespaceSelector: readSelector(ctx, map, 'namespaceSelector', `${peerPath}.namespaceSelector`),
      ipBlock: block && { span: block.span, cidr: readString(ctx, block.value, 'cidr', `${peerPath}.ipBlock.cidr`), except: (except?.value ?? []).map((item) => ({ value: item.value, span: item.span })) },
    };
  });
}

function readPorts(ctx: RuleContext, rule: YAMLMap, path: string): PolicyPortModel[] | undefined {
  const list = readSeq(ctx, rule, 'ports', path);
  if (!list) return undefined;
  return mapItems(ctx, list.value, path).map(({ index, map, path: portPath }) => ({
    index,
    path: portPath,
    span: ctx.view.span(map),
    protocol: readString(ctx, map, 'protocol', `${portPath}.protocol`),
    port: readIntOrString(ctx, map, 'port', `${portPath}.port`),
    endPort: readInt(ctx, map, 'endPort', `${portPath}.endPort`),
  }));
}

/** Reads a LabelSelector; undefined when absent or null. */
export function readSelector(ctx: RuleContext, parent: YAMLMap, key: string, path: string): LabelSelectorModel | undefined {
  const selector = readMap(ctx, parent, key, path);
  if (!selector) return undefined;
  const labels = readStringMap(ctx, selector.value, 'matchLabels', `${path}.matchLabels`);
  const expressions = readSelectorExpressions(ctx, selector.value, path)?.value ?? [];
  const requirements = expressions.map((expression) => ({ key: expression.key?.value ?? '', operator: expression.operator?.value ?? '', values: (expression.values?.value ?? []).map((value) => value.value) }));
  return { span: selector.span, path, matchLabels: labels?.value ?? [], matchExpressions: requirements, expressions };
}

/** Whether a label set satisfies a selector (an empty selector selects everything). */
export function selectorSelects(selector: LabelSelectorModel, labels: ReadonlyMap<string, string>): boolean {
  for (const pair of selector.matchLabels) if (labels.get(pair.key) !== pair.value) return false;
  for (const requirement of selector.matchExpressions) {
    const value = labels.get(requirement.key);
    switch (requirement.operator) {
      case 'In':
        if (value === undefined || !requirement.values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && requirement.values.includes(value)) return false;
        break;
      case 'Exists':
        if (value === undefined) return false;
        break;
      case 'DoesNotExist':
        if (value !== undefined) return false;
        break;
      default:
        // An unknown operator is refused by the API server; it selects nothing here.
        return false;
    }
  }
  return true;
}

/** The selector as text: `app=web,tier in (a,b)`, or `(all)` when empty. */
export function selectorText(selector: LabelSelectorModel): string {
  const parts = [
    ...selector.matchLabels.map((pair) => `${pair.key}=${pair.value}`),
    ...selector.matchExpressions.map((requirement) => {
      switch (requirement.operator) {
        case 'Exists':
          return requirement.key;
        case 'DoesNotExist':
          return `!${requirement.key}`;
        default:
          return `${requirement.key} ${requirement.operator.toLowerCase()} (${requirement.values.join(',')})`;
      }
    }),
  ];
  return parts.length === 0 ? '(all)' : parts.join(',');
}
