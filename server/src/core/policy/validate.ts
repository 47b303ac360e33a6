/**
 * NetworkPolicy (networking.k8s.io/v1) as the API server validates it on create
 * (pkg/apis/networking/validation: ValidateNetworkPolicySpec, ValidateNetworkPolicyPort,
 * ValidateNetworkPolicyPeer, ValidateIPBlock): label selectors, ports and endPort, protocols,
 * peers, ipBlock CIDRs and their except, policyTypes. Every finding is an error at the API
 * server's field path; the name is judged with every object's metadata (rules/metadata.ts).
 */
import { cidrContains, parseLegacyCidr, parseLegacyIp } from '../ip';
import { ianaServiceNameProblem, isValidPortNumber } from '../names';
import type { RuleContext } from '../rules/context';
import { checkLabelPairs, checkSelectorExpression } from '../rules/labels';
import type { IpBlockModel, LabelSelectorModel, NetworkPolicyModel, PeerModel, PolicyPortModel } from './model';

const protocols = ['TCP', 'UDP', 'SCTP'];
const policyTypes = ['Ingress', 'Egress'];

export function checkNetworkPolicy(ctx: RuleContext, policy: NetworkPolicyModel): void {
  if (policy.podSelector) checkSelector(ctx, policy.podSelector);
  for (const [rules, peersKey] of [[policy.ingress, 'from'], [policy.egress, 'to']] as const) {
    for (const rule of rules ?? []) {
      for (const port of rule.ports ?? []) checkPort(ctx, port);
      for (const peer of rule.peers ?? []) checkPeer(ctx, peer, `${rule.path}.${peersKey}[${peer.index}]`);
    }
  }
  checkPolicyTypes(ctx, policy);
}

function checkSelector(ctx: RuleContext, selector: LabelSelectorModel): void {
  checkLabelPairs(ctx, selector.matchLabels, `${selector.path}.matchLabels`, 'networkpolicy/invalid-selector', 'selector');
  for (const expression of selector.expressions) checkSelectorExpression(ctx, expression, 'networkpolicy/invalid-selector');
}

function checkPort(ctx: RuleContext, port: PolicyPortModel): void {
  const protocol = port.protocol?.value;
  if (protocol !== undefined && !protocols.includes(protocol)) {
    ctx.report({ code: 'networkpolicy/invalid-port', span: port.protocol!.span, path: `${port.path}.protocol`, message: `protocol "${protocol}" is not supported: use TCP, UDP or SCTP` });
  }
  const value = port.port?.value;
  const endPort = port.endPort;
  if (value === undefined) {
    if (endPort) ctx.report({ code: 'networkpolicy/invalid-port', span: endPort.span, path: `${port.path}.endPort`, message: 'endPort may not be specified when port is not specified' });
    return;
  }
  if (typeof value === 'number') {
    if (!isValidPortNumber(value)) ctx.report({ code: 'networkpolicy/invalid-port', span: port.port!.span, path: `${port.path}.port`, message: `port ${value} must be between 1 and 65535` });
    if (endPort) {
      if (endPort.value < value) ctx.report({ code: 'networkpolicy/invalid-port', span: endPort.span, path: `${port.path}.endPort`, message: `endPort ${endPort.value} must be greater than or equal to port ${value}` });
      if (!isValidPortNumber(endPort.value)) ctx.report({ code: 'networkpolicy/invalid-port', span: endPort.span, path: `${port.path}.endPort`, message: `endPort ${endPort.value} must be between 1 and 65535` });
    }
    return;
  }
  if (endPort) ctx.report({ code: 'networkpolicy/invalid-port', span: endPort.span, path: `${port.path}.endPort`, message: `endPort may not be specified when port is a name ("${value}"): a range needs a number` });
  const problem = ianaServiceNameProblem(value);
  if (problem) {
    const quoted = /^\d+$/.test(value) ? `; write ${value} without quotes for a port number` : '';
    ctx.report({ code: 'networkpolicy/invalid-port', span: port.port!.span, path: `${port.path}.port`, message: `port name "${value}" is invalid: it ${problem}${quoted}` });
  }
}

function checkPeer(ctx: RuleContext, peer: PeerModel, path: string): void {
  if (peer.podSelector) checkSelector(ctx, peer.podSelector);
  if (peer.namespaceSelector) checkSelector(ctx, peer.namespaceSelector);
  if (peer.ipBlock) checkIpBlock(ctx, peer.ipBlock, `${path}.ipBlock`);
  const count = [peer.podSelector, peer.namespaceSelector, peer.ipBlock].filter((part) => part !== undefined).length;
  if (count === 0) {
    ctx.report({ code: 'networkpolicy/invalid-peer', span: peer.span, path, message: 'a peer must specify podSelector, namespaceSelector or ipBlock (an empty peer is refused; leave the list out to allow every peer)' });
  } else if (count > 1 && peer.ipBlock) {
    ctx.report({ code: 'networkpolicy/invalid-peer', span: peer.span, path, message: 'ipBlock may not be combined with podSelector or namespaceSelector in one peer: write them as separate peers' });
  }
}

function checkIpBlock(ctx: RuleContext, block: IpBlockModel, path: string): void {
  const text = block.cidr?.value ?? '';
  if (text === '') {
    ctx.report({ code: 'networkpolicy/invalid-ip-block', span: block.cidr?.span ?? block.span, path: `${path}.cidr`, message: 'ipBlock needs a cidr' });
    return;
  }
  const cidr = parseLegacyCidr(text);
  if (!cidr) {
    ctx.report({ code: 'networkpolicy/invalid-ip-block', span: block.cidr!.span, path: `${path}.cidr`, message: `cidr "${text}" must be a valid CIDR such as 10.0.0.0/8 or fd00::/64` });
    return;
  }
  block.except.forEach((item, index) => {
    const except = parseLegacyCidr(item.value);
    const itemPath = `${path}.except[${index}]`;
    if (!except) {
      ctx.report({ code: 'networkpolicy/invalid-ip-block', span: item.span, path: itemPath, message: `except "${item.value}" must be a valid CIDR` });
      return;
    }
    // A strict subset: inside the cidr, and with a longer prefix.
    const network = parseLegacyIp(except.address.toString());
    if (!network || !cidrContains(cidr, network) || except.prefixLength <= cidr.prefixLength) {
      ctx.report({ code: 'networkpolicy/invalid-ip-block', span: item.span, path: itemPath, message: `except ${item.value} must be a strict subset of cidr ${text}` });
    }
  });
}

function checkPolicyTypes(ctx: RuleContext, policy: NetworkPolicyModel): void {
  const types = policy.policyTypes;
  if (!types) return;
  if (types.value.length > policyTypes.length) {
    ctx.report({ code: 'networkpolicy/invalid-policy-types', span: types.span, path: 'spec.policyTypes', message: `policyTypes may list at most two types (Ingress and Egress), not ${types.value.length}` });
    return;
  }
  for (const type of types.value) {
    if (!policyTypes.includes(type.value)) ctx.report({ code: 'networkpolicy/invalid-policy-types', span: type.span, path: `spec.policyTypes[${type.index}]`, message: `policyType "${type.value}" is not supported: use Ingress or Egress` });
  }
}
