/**
 * The connectivity engine: for the objects of one unit, which connections NetworkPolicies allow
 * between workloads, and between workloads and address ranges outside the cluster (each family's
 * space cut at the ipBlock edges the policies use). A connection needs the source's egress and the
 * destination's ingress; a direction no policy isolates allows everything. Named ports resolve
 * against the destination Pod's container ports. Every answer can say which policies and rules
 * decided it. Pure: objects in, connections out.
 */
import type { IpFamily } from '../ip';
import { objectIdIn } from '../parse';
import { declaredPorts, resolvedNumber, resolveTargetPort, selectorHolds } from '../routing';
import { effectiveProtocol } from '../rules/serviceShape';
import type { DeclaredPort, IndexedObject } from '../routing';
import type { Span } from '../model';
import { isMap, isScalar } from '../yamlView';
import { addressSpace, cidrRange, compareRanges, contains, formatRange, splitSpace } from './addresses';
import type { AddressRange } from './addresses';
import { selectorSelects } from './model';
import type { NetworkPolicyModel, PeerModel, PolicyPortModel, PolicyRuleModel } from './model';
import type { AdminAction, AdminPeerModel, AdminPolicyModel, AdminPortModel, AdminRuleModel, AdminSelection, AdminTier } from './admin';
import { PortSet, protocols } from './ports';
import type { Protocol } from './ports';
import { describesPods, isCustomResource, operatorLabels } from '../rules/crossObject';

/** The Pods of one controller (or one bare Pod), as policies see them. */
export interface Workload {
  /** `Kind/namespace/name` of the controller, or of the Pod. */
  readonly id: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: ReadonlyMap<string, string>;
  readonly ports: readonly DeclaredPort[];
  readonly hostNetwork: boolean;
  /** The object that wrote the pod template (the first Pod, for Pods grouped by owner). */
  readonly object: IndexedObject;
}

export type Peer = { readonly workload: Workload } | { readonly external: AddressRange };

/** Where exposed traffic comes from: the ingress controller, or a Gateway's data plane. */
export type ExposureSource = { readonly ingressController: true } | { readonly gateway: string };

/** `{ingress-controller}`, `{gateway ns/name}`. */
export function exposureText(source: ExposureSource): string {
  return 'gateway' in source ? `{gateway ${source.gateway}}` : '{ingress-controller}';
}

/** A rule of a policy, with where it is written. */
export interface RuleRef {
  readonly policy: IndexedObject;
  readonly direction: 'ingress' | 'egress';
  readonly rule: PolicyRuleModel;
  /** What this rule allows for the pair asked about. */
  readonly ports: PortSet;
}

/** A rule of an AdminNetworkPolicy or BaselineAdminNetworkPolicy that decided some ports of a pair. */
export interface AdminRuleRef {
  readonly policy: IndexedObject;
  readonly tier: AdminTier;
  readonly direction: 'ingress' | 'egress';
  readonly rule: AdminRuleModel;
  readonly action: AdminAction;
  /** The ports this rule decided for the pair (those no earlier rule had). */
  readonly ports: PortSet;
}

/** How one direction of one connection was decided. */
export interface Decision {
  /** NetworkPolicies that select the Pod for this direction; none means NetworkPolicies leave it open. */
  readonly isolating: readonly IndexedObject[];
  /** The NetworkPolicy rules that allow something for this pair. */
  readonly rules: readonly RuleRef[];
  readonly allowed: PortSet;
  /** Admin and baseline rules that decided ports of this pair, in the order they did. */
  readonly tiers?: readonly AdminRuleRef[];
}

export interface Explanation {
  readonly egress: Decision;
  readonly ingress: Decision;
  readonly allowed: PortSet;
}

interface Policy {
  readonly object: IndexedObject;
  readonly model: NetworkPolicyModel;
  readonly namespace: string;
  readonly ingress: boolean;
  readonly egress: boolean;
}

interface AdminPolicy {
  readonly object: IndexedObject;
  readonly model: AdminPolicyModel;
  readonly priority: number;
}

const workloadKinds = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController']);

export class Connectivity {
  readonly workloads: readonly Workload[];
  /** External address ranges: IPv4 always, IPv6 when a policy names an IPv6 block. */
  readonly externals: readonly AddressRange[];
  private readonly policies: readonly Policy[];
  private readonly namespaceLabels: ReadonlyMap<string, ReadonlyMap<string, string>>;
  private readonly ingressOf = new Map<Workload, Policy[]>();
  private readonly egressOf = new Map<Workload, Policy[]>();
  private readonly peerMatches = new Map<PeerModel, Set<Workload>>();
  private readonly byObject = new Map<IndexedObject, Policy>();
  /** Each ipBlock's CIDR and exceptions as ranges, read once: external peers ask for them per pair. */
  private readonly blocks = new Map<PeerModel, { cidr: AddressRange | undefined; except: AddressRange[] }>();
  /** AdminNetworkPolicies, lowest priority number first (equal priorities by name: their order is undefined). */
  private readonly admins: readonly AdminPolicy[];
  /** The baseline tier: ClusterNetworkPolicies of tier Baseline by priority, then the BaselineAdminNetworkPolicy named `default`. */
  private readonly baselines: readonly AdminPolicy[];
  private readonly adminSubjects = new Map<AdminPolicy, Set<Workload>>();
  /** Per workload, the admin policies whose subject holds it, in the order they decide. */
  private readonly adminsOf = new Map<Workload, AdminPolicy[]>();
  /** Per admin peer, the workloads it holds. */
  private readonly adminPeerCache = new Map<AdminPeerModel, Set<Workload>>();
  private readonly networkRanges = new Map<string, AddressRange | undefined>();
  private readonly known: ReadonlySet<Workload>;
  /** Services, and the Ingresses and Gateway API routes that expose them. */
  private readonly services: readonly IndexedObject[];
  private readonly exposers: readonly IndexedObject[];

  constructor(objects: readonly IndexedObject[]) {
    this.workloads = collectWorkloads(objects);
    this.known = new Set(this.workloads);
    this.services = objects.filter((object) => object.object.recognized === 'Service');
    this.exposers = objects.filter((object) => object.object.recognized === 'Ingress' || (object.decoded.gateway !== undefined && 'route' in object.decoded.gateway));
    this.namespaceLabels = collectNamespaces(objects, this.workloads);
    this.policies = objects
      .filter((object) => object.object.recognized === 'NetworkPolicy' && object.decoded.networkPolicy && !isRejected(object))
      .map((object) => {
        const model = object.decoded.networkPolicy!;
        const types = effectivePolicyTypes(model);
        return { object, model, namespace: object.namespace, ingress: types.has('Ingress'), egress: types.has('Egress') };
      });
    for (const policy of this.policies) this.byObject.set(policy.object, policy);
    for (const workload of this.workloads) {
      this.ingressOf.set(workload, []);
      this.egressOf.set(workload, []);
    }
    for (const policy of this.policies) {
      for (const workload of this.selectedBy(policy)) {
        if (policy.ingress) this.ingressOf.get(workload)!.push(policy);
        if (policy.egress) this.egressOf.get(workload)!.push(policy);
      }
    }
    const admin = objects.filter((object) => object.decoded.adminPolicy && !isRejected(object)).map((object) => ({ object, model: object.decoded.adminPolicy!, priority: object.decoded.adminPolicy!.priority?.value ?? 0 }));
    const byPriority = (left: AdminPolicy, right: AdminPolicy): number => left.priority - right.priority || (left.object.object.name ?? '').localeCompare(right.object.object.name ?? '');
    this.admins = admin.filter((policy) => policy.model.tier === 'admin').sort(byPriority);
    this.baselines = [
      ...admin.filter((policy) => policy.model.tier === 'baseline' && policy.model.cluster).sort(byPriority),
      ...admin.filter((policy) => policy.model.tier === 'baseline' && !policy.model.cluster && policy.object.object.name === 'default'),
    ];
    for (const policy of [...this.admins, ...this.baselines]) {
      this.adminSubjects.set(policy, new Set(policy.model.subject ? this.workloads.filter((workload) => this.selectionHolds(policy.model.subject!, workload)) : []));
    }
    for (const policy of this.admins) for (const workload of this.adminSubjects.get(policy)!) this.adminsOf.set(workload, [...(this.adminsOf.get(workload) ?? []), policy]);
    const networks = [...this.admins, ...this.baselines]
      .flatMap((policy) => policy.model.egress)
      .flatMap((rule) => rule.peers)
      .flatMap((peer) => peer.networks ?? [])
      .flatMap((network) => this.networkRange(network.value) ?? []);
    const blocks = [...this.policies.flatMap((policy) => [...(policy.model.ingress ?? []), ...(policy.model.egress ?? [])]).flatMap((rule) => rule.peers ?? []).flatMap((peer) => this.blockRanges(peer)), ...networks];
    const families: IpFamily[] = ['IPv4', ...(blocks.some((range) => range.family === 'IPv6') ? (['IPv6'] as const) : [])];
    this.externals = families.flatMap((family) => splitSpace(family, blocks));
  }

  /** The workloads a policy's podSelector selects in its namespace. */
  selectedBy(policy: Policy | IndexedObject): Workload[] {
    const found = 'model' in policy ? policy : this.byObject.get(policy);
    if (!found?.model.podSelector) return found ? this.workloads.filter((workload) => workload.namespace === found.namespace) : [];
    return this.workloads.filter((workload) => workload.namespace === found.namespace && selectorSelects(found.model.podSelector!, workload.labels));
  }

  /** Every allowed connection, sorted: workloads before ranges, by id and address; nothing to itself. */
  *connections(): Generator<{ src: Peer; dst: Peer; conn: PortSet }> {
    const peers: Peer[] = [...this.workloads.map((workload) => ({ workload })), ...this.externals.map((external) => ({ external }))];
    for (const src of peers) {
      for (const dst of peers) {
        if (src === dst || ('external' in src && 'external' in dst)) continue;
        const conn = this.allowed(src, dst);
        if (!conn.isEmpty) yield { src, dst, conn };
      }
    }
  }

  /** What may go from `src` to `dst`. */
  allowed(src: Peer, dst: Peer): PortSet {
    const egress = 'workload' in src ? this.direction('egress', src.workload, dst, false).allowed : PortSet.all;
    if (egress.isEmpty) return egress;
    const ingress = 'workload' in dst ? this.direction('ingress', dst.workload, src, false).allowed : PortSet.all;
    return egress.intersect(ingress);
  }

  /** What may go from `src` to `dst`, with the policies and rules that decided each direction. */
  explain(src: Peer, dst: Peer): Explanation {
    const open: Decision = { isolating: [], rules: [], allowed: PortSet.all };
    const egress = 'workload' in src ? this.direction('egress', src.workload, dst, true) : open;
    const ingress = 'workload' in dst ? this.direction('ingress', dst.workload, src, true) : open;
    return { egress, ingress, allowed: egress.allowed.intersect(ingress.allowed) };
  }

  /**
   * What an Ingress or a Gateway API route exposes: from the ingress controller (or the Gateway's
   * data plane) to the Pods of each backend Service, on the ports the Service maps to, as the
   * destination's policies let through. The controller runs in a namespace of its own that the
   * manifests do not show, with labels they do not show: only selectors that select everything
   * (`namespaceSelector: {}`, `namespaces: {}`) and rules without peers admit it.
   */
  exposures(): Array<{ source: ExposureSource; workload: Workload; conn: PortSet }> {
    const results = new Map<string, { source: ExposureSource; workload: Workload; conn: PortSet }>();
    const controller: Workload = { id: '{controller}', kind: 'Pod', namespace: '\u0000outside the manifests', name: 'controller', labels: new Map(), ports: [], hostNetwork: false, object: this.workloads[0]?.object as IndexedObject };
    const add = (source: ExposureSource, namespace: string, serviceName: string, port: { number?: number; name?: string } | undefined): void => {
      const service = this.services.find((candidate) => candidate.namespace === namespace && candidate.object.name === serviceName);
      const model = service?.decoded.service;
      if (!service || !model) return;
      const selector = model.selector?.value ?? [];
      if (selector.length === 0) return;
      const ports = (model.ports?.value ?? []).filter((candidate) => port === undefined || (port.number !== undefined ? candidate.port?.value === port.number : candidate.name?.value === port.name));
      for (const workload of this.workloads) {
        if (workload.namespace !== namespace || !selectorHolds(selector, workload.labels)) continue;
        let targets = PortSet.none;
        for (const servicePort of ports) {
          const number = resolvedNumber(resolveTargetPort(servicePort, workload.object));
          if (number !== undefined) targets = targets.union(PortSet.of(effectiveProtocol(servicePort) as Protocol, [[number, number]]));
        }
        const conn = this.direction('ingress', workload, { workload: controller }, false).allowed.intersect(targets);
        const key = `${exposureText(source)}\u0000${workload.id}`;
        const before = results.get(key);
        results.set(key, { source, workload, conn: before ? before.conn.union(conn) : conn });
      }
    };
    for (const object of this.exposers) {
      if (object.object.recognized === 'Ingress') {
        for (const backend of object.decoded.ingressBackends ?? []) {
          if (!backend.serviceName?.value) continue;
          add({ ingressController: true }, object.namespace, backend.serviceName.value, backend.portNumber ? { number: backend.portNumber.value } : backend.portName ? { name: backend.portName.value } : undefined);
        }
        continue;
      }
      const decoded = object.decoded.gateway;
      if (!decoded || !('route' in decoded)) continue;
      const route = decoded.route;
      const gateways = route.parentRefs.filter((ref) => (ref.kind?.value ?? 'Gateway') === 'Gateway').map((ref) => `${ref.namespace?.value || object.namespace}/${ref.name?.value ?? ''}`);
      for (const gateway of [...new Set(gateways)]) {
        for (const rule of route.rules) {
          for (const ref of rule.backendRefs) {
            if ((ref.kind?.value ?? 'Service') !== 'Service' || (ref.group?.value ?? '') !== '' || !ref.name?.value) continue;
            add({ gateway }, ref.namespace?.value || object.namespace, ref.name.value, ref.port ? { number: ref.port.value } : undefined);
          }
        }
      }
    }
    return [...results.values()].filter((item) => !item.conn.isEmpty).sort((left, right) => exposureText(left.source).localeCompare(exposureText(right.source)) || compareWorkloads(left.workload, right.workload));
  }

  /** Whether any admin or baseline policy is in play. */
  get hasTiers(): boolean {
    return this.admins.length > 0 || this.baselines.length > 0;
  }

  /** The admin and baseline policies whose subject holds a workload, in the order they decide. */
  tierPoliciesOf(workload: Workload): IndexedObject[] {
    return [...this.admins, ...this.baselines].filter((policy) => this.adminSubjects.get(policy)?.has(workload)).map((policy) => policy.object);
  }

  /** Where an admin or baseline policy ranks in its tier: the policies deciding before it, after it, and with its priority. */
  tierRanking(object: IndexedObject): { before: IndexedObject[]; after: IndexedObject[]; same: IndexedObject[] } {
    const tier = [...this.admins, ...this.baselines].find((policy) => policy.object === object);
    if (!tier) return { before: [], after: [], same: [] };
    const list = tier.model.tier === 'admin' ? this.admins : this.baselines;
    const others = list.filter((policy) => policy !== tier);
    return {
      before: others.filter((policy) => policy.priority < tier.priority).map((policy) => policy.object),
      after: others.filter((policy) => policy.priority > tier.priority).map((policy) => policy.object),
      same: others.filter((policy) => policy.priority === tier.priority).map((policy) => policy.object),
    };
  }

  /** Whether an admin rule's peer holds a workload. */
  adminPeerHolds(peer: AdminPeerModel, workload: Workload): boolean {
    return this.adminPeerMatches(peer, { workload });
  }

  /** The policies that isolate a workload for ingress (or for egress). */
  ingressPoliciesOf(workload: Workload): IndexedObject[] {
    return (this.ingressOf.get(workload) ?? []).map((policy) => policy.object);
  }

  egressPoliciesOf(workload: Workload): IndexedObject[] {
    return (this.egressOf.get(workload) ?? []).map((policy) => policy.object);
  }

  /** The workloads one `from` / `to` entry of a policy admits. */
  workloadsOfPeer(policy: IndexedObject, peer: PeerModel): Workload[] {
    const found = this.byObject.get(policy);
    return found ? this.workloads.filter((workload) => this.peerAdmits(found, peer, { workload })) : [];
  }

  /** Whether a rule of a policy admits a peer (its ports aside). */
  allowedByRule(policy: IndexedObject, rule: PolicyRuleModel, peer: Peer): boolean {
    const found = this.byObject.get(policy);
    return found !== undefined && this.ruleMatches(found, rule, peer);
  }

  /** Whether anything at all (a workload, its own replicas included, or an address) may reach a port of a workload. */
  acceptsFromAnyone(workload: Workload, protocol: Protocol, port: number): boolean {
    if (this.hasTiers) return this.everyPeer().some((peer) => this.direction('ingress', workload, peer, false).allowed.has(protocol, port));
    const policies = this.ingressOf.get(workload) ?? [];
    if (policies.length === 0) return true;
    return policies.some((policy) => (policy.model.ingress ?? []).some((rule) => this.admitsSomeone(policy, rule) && rulePorts(rule.ports, workload).has(protocol, port)));
  }

  /** Whether a workload may send to a port anywhere (a workload or an address). */
  egressAllowsAnywhere(workload: Workload, protocol: Protocol, port: number): boolean {
    if (this.hasTiers) return this.everyPeer().some((peer) => this.direction('egress', workload, peer, false).allowed.has(protocol, port));
    const policies = this.egressOf.get(workload) ?? [];
    if (policies.length === 0) return true;
    return policies.some((policy) =>
      (policy.model.egress ?? []).some((rule) => {
        if (!this.admitsSomeone(policy, rule)) return false;
        // Named ports resolve against the destination: any workload the rule reaches will do.
        const destinations = this.workloads.filter((candidate) => this.ruleMatches(policy, rule, { workload: candidate }));
        return rulePorts(rule.ports, undefined).has(protocol, port) || destinations.some((destination) => rulePorts(rule.ports, destination).has(protocol, port));
      }),
    );
  }

  /** A rule whose peers match at least something: a workload, or an address range. */
  private admitsSomeone(policy: Policy, rule: PolicyRuleModel): boolean {
    if (!rule.peers || rule.peers.length === 0) return true;
    return rule.peers.some((peer) => this.blockRanges(peer).length > 0 || this.workloads.some((workload) => this.peerAdmits(policy, peer, { workload })));
  }

  /** The labels of a namespace as selectors see them (its manifest's, and its name label). */
  labelsOfNamespace(namespace: string): ReadonlyMap<string, string> {
    return this.namespaceLabels.get(namespace) ?? new Map([['kubernetes.io/metadata.name', namespace]]);
  }

  /** Every workload and external range, as the other end of a connection. */
  private everyPeer(): Peer[] {
    return [...this.workloads.map((workload) => ({ workload })), ...this.externals.map((external) => ({ external }))];
  }

  /**
   * One direction for the selected workload `own`, through every tier: AdminNetworkPolicies by
   * priority (Allow and Deny decide, Pass hands the ports down), then NetworkPolicies (which decide
   * whatever reaches them when one isolates `own`), then the baseline (Allow or Deny), and what is
   * left is allowed. Each tier sees only the ports the tiers above left undecided.
   */
  private direction(direction: 'ingress' | 'egress', own: Workload, other: Peer, explain: boolean): Decision {
    if (!this.hasTiers) return this.networkPolicyDirection(direction, own, other, explain);
    const destination = direction === 'ingress' ? own : 'workload' in other ? other.workload : undefined;
    const tiers: AdminRuleRef[] = [];
    const admin = this.runTier('admin', this.adminsOf.get(own) ?? [], direction, other, destination, PortSet.all, explain ? tiers : undefined);
    let allowed = admin.allowed;
    // NetworkPolicies decide what the admin tier left, when one isolates the Pod.
    const adminDecided = !admin.undecided.isAll;
    const forNetworkPolicies = adminDecided ? admin.undecided.union(admin.passed) : PortSet.all;
    const network = this.networkPolicyDirection(direction, own, other, explain);
    let forBaseline = PortSet.none;
    if (network.isolating.length > 0) allowed = adminDecided ? allowed.union(network.allowed.intersect(forNetworkPolicies)) : network.allowed;
    else forBaseline = forNetworkPolicies;
    // The baseline tier: a Pass there hands the ports to the default, which allows.
    if (!forBaseline.isEmpty) {
      const baseline = this.runTier('baseline', this.baselines.filter((policy) => this.adminSubjects.get(policy)?.has(own)), direction, other, destination, forBaseline, explain ? tiers : undefined);
      allowed = allowed.union(baseline.allowed);
      forBaseline = baseline.undecided.union(baseline.passed);
    }
    // What no tier decided is allowed.
    if (!forBaseline.isEmpty) allowed = allowed.isEmpty ? forBaseline : allowed.union(forBaseline);
    return { isolating: network.isolating, rules: network.rules, allowed, tiers };
  }

  /**
   * One tier's policies, in order, over the ports still `undecided`: the first matching rule
   * decides each port (Allow, Deny, or Pass to the next tier). Rules that decided are recorded.
   */
  private runTier(tier: AdminTier, policies: readonly AdminPolicy[], direction: 'ingress' | 'egress', other: Peer, destination: Workload | undefined, undecided: PortSet, record: AdminRuleRef[] | undefined): { allowed: PortSet; passed: PortSet; undecided: PortSet } {
    let allowed = PortSet.none;
    let passed = PortSet.none;
    for (const policy of policies) {
      for (const rule of policy.model[direction]) {
        if (undecided.isEmpty) return { allowed, passed, undecided };
        if (!rule.peers.some((peer) => this.adminPeerMatches(peer, other))) continue;
        const ports = adminRulePorts(rule.ports, destination).intersect(undecided);
        if (ports.isEmpty) continue;
        const action = actionOf(rule);
        if (action === 'Allow') allowed = allowed.union(ports);
        else if (action === 'Pass') passed = passed.union(ports);
        undecided = undecided.minus(ports);
        record?.push({ policy: policy.object, tier, direction, rule, action, ports });
      }
    }
    return { allowed, passed, undecided };
  }

  /** Whether a subject or peer (`namespaces`, or `pods` with both selectors) holds a workload. */
  private selectionHolds(selection: AdminSelection, workload: Workload): boolean {
    if (selection.namespaces) return selectorSelects(selection.namespaces, this.labelsOfNamespace(workload.namespace));
    if (selection.pods) {
      const { namespaceSelector, podSelector } = selection.pods;
      return (!namespaceSelector || selectorSelects(namespaceSelector, this.labelsOfNamespace(workload.namespace))) && (!podSelector || selectorSelects(podSelector, workload.labels));
    }
    return false;
  }

  /** An admin rule's peer and the other end: Pods by their namespace and labels, addresses by `networks`. */
  private adminPeerMatches(peer: AdminPeerModel, other: Peer): boolean {
    if ('external' in other) return (peer.networks ?? []).some((network) => {
      const range = this.networkRange(network.value);
      return range !== undefined && contains(range, other.external);
    });
    // Nodes are not modelled. Pod addresses are not known, but a network of every address (/0) holds them too.
    if (peer.networks) return peer.networks.some((network) => /\/0$/.test(network.value.trim()));
    if (peer.nodes) return false;
    if (!this.known.has(other.workload)) return this.selectionHolds(peer, other.workload);
    let matches = this.adminPeerCache.get(peer);
    if (!matches) this.adminPeerCache.set(peer, (matches = new Set(this.workloads.filter((workload) => this.selectionHolds(peer, workload)))));
    return matches.has(other.workload);
  }

  private networkRange(cidr: string): AddressRange | undefined {
    if (!this.networkRanges.has(cidr)) this.networkRanges.set(cidr, cidrRange(cidr));
    return this.networkRanges.get(cidr);
  }

  /**
   * One direction for the selected workload `own` (the source for egress, the destination for
   * ingress) and the other end of the connection, as NetworkPolicies alone decide it.
   */
  private networkPolicyDirection(direction: 'ingress' | 'egress', own: Workload, other: Peer, explain: boolean): Decision {
    const policies = (direction === 'ingress' ? this.ingressOf : this.egressOf).get(own) ?? [];
    if (policies.length === 0) return { isolating: [], rules: [], allowed: PortSet.all };
    // Named ports are looked up in the destination Pod: the selected one for ingress, the other end for egress.
    const destination = direction === 'ingress' ? own : 'workload' in other ? other.workload : undefined;
    let allowed = PortSet.none;
    const rules: RuleRef[] = [];
    for (const policy of policies) {
      for (const rule of (direction === 'ingress' ? policy.model.ingress : policy.model.egress) ?? []) {
        if (!this.ruleMatches(policy, rule, other)) continue;
        const ports = rulePorts(rule.ports, destination);
        if (ports.isEmpty) continue;
        allowed = allowed.union(ports);
        if (explain) rules.push({ policy: policy.object, direction, rule, ports });
        else if (allowed.isAll) break;
      }
    }
    return { isolating: policies.map((policy) => policy.object), rules, allowed };
  }

  private ruleMatches(policy: Policy, rule: PolicyRuleModel, other: Peer): boolean {
    if (!rule.peers || rule.peers.length === 0) return true;
    return rule.peers.some((peer) => this.peerAdmits(policy, peer, other));
  }

  /** A peer's ipBlock as ranges (none without an ipBlock); unreadable CIDRs are left out. */
  private blockOf(peer: PeerModel): { cidr: AddressRange | undefined; except: AddressRange[] } {
    let block = this.blocks.get(peer);
    if (!block) {
      const cidr = peer.ipBlock?.cidr ? cidrRange(peer.ipBlock.cidr.value) : undefined;
      const except = (peer.ipBlock?.except ?? []).flatMap((item) => cidrRange(item.value) ?? []);
      this.blocks.set(peer, (block = { cidr, except }));
    }
    return block;
  }

  /** Every range a peer's ipBlock names: its CIDR and its exceptions. */
  private blockRanges(peer: PeerModel): AddressRange[] {
    if (!peer.ipBlock) return [];
    const { cidr, except } = this.blockOf(peer);
    return [...(cidr ? [cidr] : []), ...except];
  }

  private peerAdmits(policy: Policy, peer: PeerModel, other: Peer): boolean {
    if ('external' in other) {
      if (!peer.ipBlock) return false;
      const { cidr, except } = this.blockOf(peer);
      if (!cidr || !contains(cidr, other.external)) return false;
      return !except.some((excluded) => contains(excluded, other.external));
    }
    // Pods are never matched by an ipBlock here: their addresses are not known before they run.
    if (peer.ipBlock || (!peer.podSelector && !peer.namespaceSelector)) return false;
    // A source the manifests do not show (an ingress controller) is not among the cached workloads.
    if (!this.known.has(other.workload)) return this.peerSelects(policy, peer, other.workload);
    let matches = this.peerMatches.get(peer);
    if (!matches) {
      matches = new Set(this.workloads.filter((workload) => this.peerSelects(policy, peer, workload)));
      this.peerMatches.set(peer, matches);
    }
    return matches.has(other.workload);
  }

  private peerSelects(policy: Policy, peer: PeerModel, workload: Workload): boolean {
    const inNamespace = peer.namespaceSelector ? selectorSelects(peer.namespaceSelector, this.labelsOfNamespace(workload.namespace)) : workload.namespace === policy.namespace;
    return inNamespace && (!peer.podSelector || selectorSelects(peer.podSelector, workload.labels));
  }
}

/** `Ingress`, plus `Egress` when the policy has egress rules, unless policyTypes says otherwise. */
export function effectivePolicyTypes(model: NetworkPolicyModel): Set<string> {
  if (model.policyTypes) return new Set(model.policyTypes.value.map((item) => item.value));
  return new Set(['Ingress', ...((model.egress?.length ?? 0) > 0 ? ['Egress'] : [])]);
}

/** A rule's action, Accept (ClusterNetworkPolicy) read as Allow; a missing or unknown one as Deny (failing closed). */
function actionOf(rule: AdminRuleModel): AdminAction {
  const action = rule.action?.value;
  return action === 'Allow' || action === 'Accept' ? 'Allow' : action === 'Pass' ? 'Pass' : 'Deny';
}

/** What an admin rule's ports cover toward one destination Pod (none: every port; named ports need a known Pod). */
export function adminRulePorts(ports: readonly AdminPortModel[] | undefined, destination: Workload | undefined): PortSet {
  if (!ports || ports.length === 0) return PortSet.all;
  let covered = PortSet.none;
  for (const port of ports) {
    if (port.portNumber?.port) {
      const protocol = port.portNumber.protocol as Protocol;
      if (protocols.includes(protocol)) covered = covered.union(PortSet.of(protocol, [[port.portNumber.port.value, port.portNumber.port.value]]));
    } else if (port.portRange?.start && port.portRange.end) {
      const protocol = port.portRange.protocol as Protocol;
      if (protocols.includes(protocol)) covered = covered.union(PortSet.of(protocol, [[port.portRange.start.value, port.portRange.end.value]]));
    } else if (port.namedPort) {
      for (const declared of destination?.ports ?? []) if (declared.name === port.namedPort.value) covered = covered.union(PortSet.of(declared.protocol as Protocol, [[declared.number, declared.number]]));
    }
  }
  return covered;
}

/** What a rule's ports allow toward one destination Pod (none known: named ports match nothing). */
export function rulePorts(ports: readonly PolicyPortModel[] | undefined, destination: Workload | undefined): PortSet {
  if (!ports || ports.length === 0) return PortSet.all;
  let allowed = PortSet.none;
  for (const port of ports) {
    const protocol = (port.protocol?.value ?? 'TCP') as Protocol;
    if (!protocols.includes(protocol)) continue;
    const value = port.port?.value;
    if (value === undefined) {
      allowed = allowed.union(PortSet.protocol(protocol));
    } else if (typeof value === 'number') {
      allowed = allowed.union(PortSet.of(protocol, [[value, port.endPort?.value ?? value]]));
    } else {
      for (const declared of destination?.ports ?? []) if (declared.name === value && declared.protocol === protocol) allowed = allowed.union(PortSet.of(protocol, [[declared.number, declared.number]]));
    }
  }
  return allowed;
}


/**
 * Workloads: every object with a pod template, and bare Pods; Pods exported from a cluster are
 * grouped under their workload controller (`metadata.ownerReferences` with `controller: true`).
 */
function collectWorkloads(objects: readonly IndexedObject[]): Workload[] {
  const byId = new Map<string, Workload>();
  for (const object of objects) {
    const kind = object.object.recognized;
    if (!kind || !object.decoded.template || (kind !== 'Pod' && !workloadKinds.has(kind))) continue;
    const owner = kind === 'Pod' ? controllerOf(object) : undefined;
    const workloadKind = owner?.kind ?? object.object.kind;
    const name = owner?.name ?? object.object.name ?? '';
    const id = `${workloadKind}/${object.namespace}/${name}`;
    if (byId.has(id)) continue;
    byId.set(id, {
      id,
      kind: workloadKind,
      namespace: object.namespace,
      name,
      labels: new Map((object.decoded.template.labels?.value ?? []).map((pair) => [pair.key, pair.value])),
      ports: declaredPorts(object),
      hostNetwork: object.decoded.template.spec?.hostNetwork?.value === true,
      object,
    });
  }
  for (const resource of operatorWorkloads(objects)) {
    const id = `${resource.object.kind}/${resource.namespace}/${resource.object.name ?? ''}`;
    if (byId.has(id)) continue;
    byId.set(id, { id, kind: resource.object.kind, namespace: resource.namespace, name: resource.object.name ?? '', labels: operatorLabels(resource), ports: [], hostNetwork: false, object: resource });
  }
  return [...byId.values()].sort((left, right) => compareWorkloads(left, right));
}

/**
 * Custom resources whose operator runs Pods no manifest shows (a Prometheus, a Postgres cluster):
 * those whose spec describes Pods (`describesPods`). Their Pods get the labels `operatorLabels` reads.
 */
function operatorWorkloads(objects: readonly IndexedObject[]): IndexedObject[] {
  return objects.filter((object) => !object.object.recognized && object.object.name && isCustomResource(object.object.apiVersion) && describesPods(object));
}

function compareWorkloads(left: Workload, right: Workload): number {
  return left.namespace.localeCompare(right.namespace) || left.name.localeCompare(right.name) || left.kind.localeCompare(right.kind);
}

/** A policy the API server refuses (it has an error finding of its own) never exists in the cluster. */
export function isRejected(object: IndexedObject): boolean {
  return object.findings.some((finding) => finding.severity === 'error');
}

/** Controllers that run many Pods from one template: their Pods are one workload. */
const podControllers = new Set(['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController']);

/**
 * The controller of an exported Pod, from its ownerReferences, when it is a workload controller.
 * A static Pod's mirror is owned by its Node, and each static Pod is its own workload with its own
 * labels; so are Pods an operator creates one by one.
 */
function controllerOf(object: IndexedObject): { kind: string; name: string } | undefined {
  const owner = object.decoded.metadata.owner;
  return owner && podControllers.has(owner.kind) ? owner : undefined;
}

/** The labels of every namespace the objects use or define (Namespace manifests' labels, and the name label). */
export function namespaceLabelsOf(objects: readonly IndexedObject[]): Map<string, Map<string, string>> {
  return collectNamespaces(objects, []);
}

/** Namespace labels: every namespace objects name, with its name label, and its manifest's labels. */
function collectNamespaces(objects: readonly IndexedObject[], workloads: readonly Workload[]): Map<string, Map<string, string>> {
  const namespaces = new Map<string, Map<string, string>>();
  const ensure = (name: string): Map<string, string> => {
    let labels = namespaces.get(name);
    if (!labels) namespaces.set(name, (labels = new Map([['kubernetes.io/metadata.name', name]])));
    return labels;
  };
  for (const workload of workloads) ensure(workload.namespace);
  for (const object of objects) {
    ensure(object.namespace);
    if (object.object.kind === 'Namespace' && object.object.apiVersion === 'v1' && object.object.name) {
      const labels = ensure(object.object.name);
      for (const [key, value] of manifestLabels(object)) labels.set(key, value);
      // The API server sets the name label itself; a manifest cannot change it.
      labels.set('kubernetes.io/metadata.name', object.object.name);
    }
  }
  return namespaces;
}

/** The labels a manifest writes, read from its YAML (Namespaces are not decoded otherwise). */
function manifestLabels(object: IndexedObject): Array<[string, string]> {
  const view = object.object.view;
  const metadata = view.deref(view.get(object.object.root, 'metadata')?.value ?? null);
  const labels = isMap(metadata) ? view.deref(view.get(metadata, 'labels')?.value ?? null) : null;
  if (!isMap(labels)) return [];
  return view.entries(labels).flatMap((entry) => {
    const value = view.deref(entry.value);
    return isScalar(value) && value.value !== null && typeof value.value !== 'object' ? [[entry.key, String(value.value)] as [string, string]] : [];
  });
}

/** `namespace/name[Kind]` or `a.b.c.d-e.f.g.h[External]`, as `reach` prints peers. */
export function peerText(peer: Peer): string {
  return 'workload' in peer ? `${peer.workload.namespace}/${peer.workload.name}[${peer.workload.kind}]` : `${formatRange(peer.external)}[External]`;
}

/** Peers in output order. */
export function comparePeers(left: Peer, right: Peer): number {
  if ('workload' in left && 'workload' in right) return compareWorkloads(left.workload, right.workload);
  if ('external' in left && 'external' in right) return compareRanges(left.external, right.external);
  return 'workload' in left ? -1 : 1;
}

/**
 * Reads a peer written as `namespace/name[Kind]`, `namespace/name`, `Kind/namespace/name` or an
 * address (`10.1.2.3`, `2001:db8::1`); undefined when nothing matches.
 */
export function findPeer(connectivity: Connectivity, text: string): Peer | undefined {
  const trimmed = text.trim();
  const withKind = /^([^/[\]]+)\/([^/[\]]+)\[([A-Za-z]+)\]$/.exec(trimmed);
  if (withKind) return wrap(connectivity.workloads.find((workload) => workload.namespace === withKind[1] && workload.name === withKind[2] && workload.kind === withKind[3]));
  const parts = trimmed.split('/');
  if (parts.length === 3) return wrap(connectivity.workloads.find((workload) => workload.kind === parts[0] && workload.namespace === parts[1] && workload.name === parts[2]));
  if (parts.length === 2) return wrap(connectivity.workloads.find((workload) => workload.namespace === parts[0] && workload.name === parts[1]));
  const address = cidrRange(`${trimmed.replace(/\[External\]$/, '').split('-')[0]}/${trimmed.includes(':') ? 128 : 32}`);
  if (!address) return undefined;
  const external = connectivity.externals.find((range) => contains(range, address)) ?? (address.family === 'IPv6' ? addressSpace('IPv6') : undefined);
  return external ? { external } : undefined;
}

function wrap(workload: Workload | undefined): Peer | undefined {
  return workload ? { workload } : undefined;
}

/** Where a rule is written, for explanations: its policy's file and span. */
export function ruleLocation(rule: RuleRef): { file: string; span: Span; id: string } {
  return { file: rule.policy.file, span: rule.rule.span, id: objectIdIn(rule.policy.object, rule.policy.namespace) };
}

