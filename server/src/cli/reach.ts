/**
 * `k8s-route reach`: the connections NetworkPolicies allow, unit by unit, as text
 * (`SRC => DST : CONN`) or JSON, and the explanation of one connection with the policies and
 * rules that decided it. Formatting only: the connectivity engine is in core/policy.
 */
import type { Connectivity, Decision, Peer } from '../core/policy/connectivity';
import { exposureText, findPeer, peerText, ruleLocation } from '../core/policy/connectivity';
import type { PortSet } from '../core/policy/ports';
import { LineIndex } from '../core/text';
import type { FindingUnit, Span } from '../core/model';

/** One unit's connectivity, with how the unit is named and where its objects are written. */
export interface UnitConnectivity {
  readonly label: string | undefined;
  readonly unit: FindingUnit;
  readonly connectivity: Connectivity;
  /** `file:line:column` of a place of the unit's objects, in the file that wrote it. */
  readonly place: (file: string, span: Span) => string;
}

export function reachText(units: readonly UnitConnectivity[]): string {
  const lines: string[] = [];
  const headed = units.length > 1;
  for (const { label, connectivity } of units) {
    if (headed) lines.push(`# ${label ?? 'plain files'}`);
    for (const { src, dst, conn } of connectivity.connections()) lines.push(`${peerText(src)} => ${peerText(dst)} : ${conn.toString()}`);
    // What Ingresses and Gateway API routes expose, from their controllers.
    for (const { source, workload, conn } of connectivity.exposures()) lines.push(`${exposureText(source)} => ${peerText({ workload })} : ${conn.toString()}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export function reachJson(units: readonly UnitConnectivity[]): string {
  const connections: unknown[] = [];
  const withUnits = units.length > 1 || units.some((unit) => unit.unit.kind !== 'plain');
  for (const { unit, connectivity } of units) {
    for (const { src, dst, conn } of connectivity.connections()) connections.push({ src: peerJson(src), dst: peerJson(dst), conn: conn.toJSON(), ...(withUnits ? { unit } : {}) });
    for (const { source, workload, conn } of connectivity.exposures()) connections.push({ src: source, dst: peerJson({ workload }), conn: conn.toJSON(), ...(withUnits ? { unit } : {}) });
  }
  return `${JSON.stringify({ version: 1, connections })}\n`;
}

function peerJson(peer: Peer): unknown {
  if ('workload' in peer) return { kind: peer.workload.kind, namespace: peer.workload.namespace, name: peer.workload.name };
  return { external: peerText(peer).replace(/\[External\]$/, '') };
}

export interface Question {
  readonly from: string;
  readonly to: string;
  readonly port: { readonly number: number; readonly protocol: 'TCP' | 'UDP' | 'SCTP' } | undefined;
}

/**
 * Explains one connection in every unit that has both peers. Returns the text and whether it is
 * allowed (on the port, when one is given), or why the peers were not found.
 */
export function explainReach(units: readonly UnitConnectivity[], question: Question): { text: string; allowed: boolean } | { missing: string } {
  const blocks: string[] = [];
  let allowed = false;
  let found = false;
  for (const { label, connectivity, place } of units) {
    const src = findPeer(connectivity, question.from);
    const dst = findPeer(connectivity, question.to);
    if (!src || !dst) continue;
    found = true;
    const explanation = connectivity.explain(src, dst);
    const conn = explanation.allowed;
    const yes = question.port ? conn.has(question.port.protocol, question.port.number) : !conn.isEmpty;
    allowed ||= yes;
    const header = `${peerText(src)} => ${peerText(dst)} : ${conn.toString()}${label ? `  (${label})` : ''}`;
    const verdict = question.port ? `${question.port.number}/${question.port.protocol}: ${yes ? 'allowed' : 'denied'}` : yes ? 'allowed' : 'denied';
    blocks.push([header, `  ${verdict}`, ...describe('egress', src, explanation.egress, place), ...describe('ingress', dst, explanation.ingress, place)].join('\n'));
  }
  if (!found) return { missing: `no unit has both "${question.from}" and "${question.to}"` };
  return { text: `${blocks.join('\n\n')}\n`, allowed };
}

function describe(direction: 'egress' | 'ingress', peer: Peer, decision: Decision, place: (file: string, span: Span) => string): string[] {
  const who = peerText(peer);
  if (!('workload' in peer)) return [`  ${direction} of ${who}: outside the cluster, not subject to policies`];
  const tiers = decision.tiers ?? [];
  const admin = tiers.filter((item) => item.tier === 'admin');
  const baseline = tiers.filter((item) => item.tier === 'baseline');
  const tierLine = (item: (typeof tiers)[number]): string =>
    `    ${item.tier === 'admin' ? 'admin' : 'baseline'}: ${item.policy.object.kind}/${item.policy.object.name ?? ''} spec.${direction}[${item.rule.index}]${item.rule.name?.value ? ` "${item.rule.name.value}"` : ''} ${item.action} (${place(item.policy.file, item.rule.span)}): ${portsText(item.ports)}`;
  if (decision.isolating.length === 0) {
    if (tiers.length === 0) return [`  ${direction} of ${who}: not isolated (no policy selects it for ${direction === 'egress' ? 'Egress' : 'Ingress'}): everything allowed`];
    return [`  ${direction} of ${who}: no NetworkPolicy isolates it; admin and baseline rules decide (the rest is allowed): ${portsText(decision.allowed)}`, ...admin.map(tierLine), ...baseline.map(tierLine)];
  }
  const lines = [...(admin.length > 0 ? [`  ${direction} of ${who}: admin rules first`, ...admin.map(tierLine)] : []), `  ${direction} of ${who}: isolated by ${decision.isolating.map((policy) => `${policy.object.kind}/${policy.namespace}/${policy.object.name ?? ''} (${place(policy.file, policy.object.anchorSpan)})`).join(', ')}`];
  if (decision.rules.length === 0) lines.push('    no rule allows anything here');
  for (const rule of decision.rules) {
    const location = ruleLocation(rule);
    lines.push(`    allowed by ${location.id} spec.${direction}[${rule.rule.index}] (${place(location.file, location.span)}): ${portsText(rule.ports)}`);
  }
  return lines;
}

function portsText(ports: PortSet): string {
  return ports.toString();
}

/** `file:line:column` of an offset in a text. */
export function placeIn(file: string, text: string, offset: number): string {
  const position = new LineIndex(text).positionAt(offset);
  return `${file}:${position.line + 1}:${position.character + 1}`;
}
