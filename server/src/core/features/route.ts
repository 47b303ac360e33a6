/**
 * The traffic path of one Service as data (a RouteModel): who connects, where the packet goes
 * (load balancer, node port, kube-proxy, cluster DNS) and which Pods and containers receive it,
 * with the concrete values from the manifests and the findings that break or weaken each hop.
 * The facts follow ../shared/spec/concepts.md. Drawing is the client's business.
 */
import { routeModelVersion } from '../../protocol/route';
import type { HopStatus, ProxyRulesView, RouteFinding, RouteHop, RouteLane, RouteLink, RouteModel, RouteRange } from '../../protocol/route';
import type { ServiceModel, ServicePortModel } from '../decode';
import type { RouteRuleModel } from '../gateway/model';
import type { Finding, Span } from '../model';
import { resolvedNumber, resolveTargetPort, shortName } from '../routing';
import type { IndexedObject } from '../routing';
import { matchedWorkloads } from '../rules/crossObject';
import { effectiveClusterIPs, effectiveProtocol, effectiveTargetPort, effectiveType, isHeadless } from '../rules/serviceShape';
import { peerText, rulePorts } from '../policy/connectivity';
import { defaultDnsOptions, recordText, serviceRecords } from '../proxy/dns';
import type { DnsRecord } from '../proxy/dns';
import { iptablesChains, nftablesChains } from '../proxy/names';
import { proxyModes, rulesOf, rulesText } from '../proxy/rules';
import { endpointText, proxyInput, proxyOptionsFor, sliceAddresses } from '../proxy/service';
import type { ProxyInput, ProxyPort } from '../proxy/service';
import type { Protocol } from '../policy/ports';
import { LineIndex } from '../text';
import { routePicture } from './picture';
import type { WorkspaceIndex } from '../workspace';

/** How much of a port's rules the route view carries: the first lines, and names to copy. */
const maxShownLines = 300;
const maxShownNames = 40;

/** Findings that mean no traffic gets through the hop they are on. */
const breakingCodes = new Set(['service/selector-matches-nothing', 'service/target-port-unresolved']);

/** The Services a `[namespace/]name` reference names; without a namespace, any namespace. */
export function findServices(index: WorkspaceIndex, reference: string): IndexedObject[] {
  const slash = reference.indexOf('/');
  const namespace = slash === -1 ? undefined : reference.slice(0, slash);
  const name = slash === -1 ? reference : reference.slice(slash + 1);
  return index.objects().filter((object) => object.object.recognized === 'Service' && object.object.name === name && (namespace === undefined || object.namespace === namespace));
}

/** Computes the route of a Service indexed in `index`. */
export function computeRoute(index: WorkspaceIndex, indexed: IndexedObject, exampleNodes = 2): RouteModel {
  const builder = new RouteBuilder(index, indexed, exampleNodes);
  return builder.build();
}

class RouteBuilder {
  private readonly service: ServiceModel;
  private readonly findings: readonly Finding[];
  private readonly lineIndexes = new Map<string, LineIndex>();
  /** The Service's DNS records, computed once for all lanes. */
  private records: DnsRecord[] | undefined;
  /** The Service as kube-proxy sees it, computed once for all lanes. */
  private proxyView: ProxyInput | undefined;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly indexed: IndexedObject,
    private readonly exampleNodes: number,
  ) {
    this.service = indexed.decoded.service ?? { metadata: indexed.decoded.metadata, specSpan: indexed.object.anchorSpan };
    this.findings = index.findings(indexed.file).filter((finding) => finding.object === indexed.id);
  }

  build(): RouteModel {
    const type = effectiveType(this.service);
    const headless = isHeadless(this.service);
    const ports = this.service.ports?.value ?? [];
    const lanes = ports.length > 0 ? ports.map((port) => this.lane(port, type, headless)) : [this.lane(undefined, type, headless)];
    return {
      version: routeModelVersion,
      service: {
        kind: 'Service',
        namespace: this.indexed.namespace,
        name: this.indexed.object.name ?? '',
        type,
        headless,
        file: this.indexed.file,
        range: this.range(this.indexed.file, this.service.metadata.name?.span ?? this.indexed.object.anchorSpan),
      },
      lanes,
    };
  }

  private lane(port: ServicePortModel | undefined, type: string, headless: boolean): RouteLane {
    const target = port ? effectiveTargetPort(port) : undefined;
    const hops: RouteHop[] = [];
    const laneInfo = {
      name: port?.name?.value || null,
      port: port?.port?.value ?? null,
      targetPort: target ?? null,
      nodePort: port?.nodePort?.value || null,
      protocol: port ? effectiveProtocol(port) : 'TCP',
    };
    const withPicture = (): RouteLane => ({ port: laneInfo, hops, ...(port ? { picture: routePicture({ index: this.index, service: this.indexed, port, hops, exampleNodes: this.exampleNodes }) } : {}) });
    if (type === 'ExternalName') {
      this.externalNameHops(port, hops);
      return withPicture();
    }
    if (headless) {
      hops.push(this.hop('client', 'In-cluster client', 'Any Pod in the cluster, looking the Service up by its DNS name.'));
      hops.push(this.headlessDnsHop(port));
      this.endpointHops(port, hops);
      return withPicture();
    }
    const serviceHop = this.serviceHop(port);
    if (type === 'LoadBalancer' || type === 'NodePort') {
      hops.push(this.hop('client', 'External client', 'A client outside the cluster.'));
      if (type === 'LoadBalancer') hops.push(this.loadBalancerHop(port));
      if (!(type === 'LoadBalancer' && this.service.allocateLoadBalancerNodePorts?.value === false)) hops.push(this.nodeHop(port));
      hops.push({ ...this.hop('client', 'In-cluster client', 'Pods inside the cluster use the cluster IP or the DNS name instead of the node port.'), joins: true });
    } else {
      hops.push(this.hop('client', 'In-cluster client', 'Any Pod in the cluster; a ClusterIP Service is not reachable from outside.'));
    }
    for (const ingress of this.ingressHops(port)) hops.push(ingress);
    for (const gateway of this.gatewayHops(port)) hops.push(gateway);
    hops.push(serviceHop);
    hops.push(this.kubeProxyHop(port));
    this.endpointHops(port, hops);
    return withPicture();
  }

  /** The cluster DNS domain of the settings. */
  private zone(): string {
    return (this.index.settings.clusterDomain || 'cluster.local').replace(/\.$/, '');
  }

  /** The Service's DNS records for one lane: the addresses, and the SRV record of its port. */
  private recordsFor(port: ServicePortModel | undefined): string[] {
    this.records ??= serviceRecords(this.indexed, matchedWorkloads(this.index, this.indexed), { ...defaultDnsOptions, clusterDomain: this.zone() }, sliceAddresses(this.index, this.indexed));
    const srv = port?.name?.value ? `_${port.name.value}._${effectiveProtocol(port).toLowerCase()}.` : undefined;
    return this.records.filter((record) => record.type !== 'SRV' || (srv !== undefined && record.name.startsWith(srv))).map(recordText);
  }

  private serviceHop(port: ServicePortModel | undefined): RouteHop {
    const name = this.indexed.object.name ?? '';
    const dnsName = `${name}.${this.indexed.namespace}.svc.${this.zone()}`;
    const ips = effectiveClusterIPs(this.service).filter((ip) => ip.value !== 'None');
    const number = port?.port?.value ?? '?';
    const address = ips.length > 0 ? ips.map((ip) => `${ip.value}:${number}`).join(', ') : `<cluster IP>:${number}`;
    const details = [
      ips.length > 0 ? `Virtual IP ${ips.map((ip) => ip.value).join(' and ')} (requested in the manifest); no interface carries it.` : 'Virtual IP allocated from the service CIDR when the Service is created; no interface carries it.',
      `DNS: ${dnsName}:${number}.`,
    ];
    const externalIPs = this.service.externalIPs?.value ?? [];
    if (externalIPs.length > 0) details.push(`Also answers on external IPs ${externalIPs.map((ip) => `${ip.value}:${number}`).join(', ')}.`);
    if (this.service.sessionAffinity?.value === 'ClientIP') details.push(`Session affinity ClientIP: a client keeps its Pod for ${this.service.affinityTimeoutSeconds?.value ?? 10800} s.`);
    if (this.service.internalTrafficPolicy?.value === 'Local') details.push('internalTrafficPolicy Local: in-cluster clients reach only Pods on their own node.');
    const findings = this.findingsAt((path) => path.startsWith('spec.clusterIP') || path.startsWith('spec.selector') || path === 'spec.type' || path.startsWith('spec.externalIPs') || path.startsWith('spec.sessionAffinity') || path === 'spec.internalTrafficPolicy' || (port !== undefined && (path === port.path || path === `${port.path}.port` || path === `${port.path}.name` || path === `${port.path}.protocol` || path === `${port.path}.appProtocol`)) || path === 'metadata.name');
    return { ...this.hop('service', `ClusterIP ${address}`, details.join(' '), this.service.type?.span ?? this.service.specSpan, findings), records: this.recordsFor(port) };
  }

  private kubeProxyHop(port: ServicePortModel | undefined): RouteHop {
    const target = port ? effectiveTargetPort(port) : undefined;
    const findings = port ? this.findingsAt((path) => path === `${port.path}.targetPort`) : [];
    const ref = { namespace: this.indexed.namespace, name: this.indexed.object.name ?? '', port: port?.name?.value ?? '', protocol: port ? effectiveProtocol(port) : 'TCP' };
    const chains = `On a node: iptables chain ${iptablesChains(ref).service}, nftables chain ${nftablesChains(ref).service}.`;
    const detail = `kube-proxy's rules on the node (iptables mode by default; nftables or IPVS where configured) rewrite the destination (DNAT) to one ready Pod's IP and port ${target ?? '?'}, load-balancing across the Pods the selector matches. ${chains}`;
    return { ...this.hop('kubeProxy', 'kube-proxy', detail, port?.targetPort?.span, findings), ...(port ? { proxyRules: this.proxyRules(port) } : {}) };
  }

  /** The rules of one port in each mode, for the node and cluster of the default options. */
  private proxyRules(port: ServicePortModel): ProxyRulesView | undefined {
    const options = proxyOptionsFor(this.index.settings);
    this.proxyView ??= proxyInput(this.index, this.indexed, options);
    const same = (candidate: ProxyPort): boolean => candidate.port === port.port?.value && candidate.name === (port.name?.value ?? '') && candidate.protocol === effectiveProtocol(port);
    const all = proxyModes.map((mode) => rulesOf(`${this.indexed.namespace}/${this.indexed.object.name ?? ''}`, this.proxyView!, mode, options, same));
    if (all[0].notProxied) return undefined;
    const [iptables, nftables, ipvs] = all;
    const chainsOf = (lines: readonly string[], pattern: RegExp): string[] => [...new Set(lines.flatMap((line) => [...line.matchAll(pattern)].map((match) => match[1])))].slice(0, maxShownNames);
    // A Service with hundreds of endpoints has thousands of lines: the view shows the first ones.
    const shown = (lines: string[]): string[] =>
      lines.length <= maxShownLines ? lines : [...lines.slice(0, maxShownLines), `# … ${lines.length - maxShownLines} more lines: k8s-route rules --service ${this.indexed.namespace}/${this.indexed.object.name ?? ''} prints them all`];
    const iptablesLines = [...(iptables.iptables?.nat ?? []), ...(iptables.ip6tables?.nat ?? [])];
    return {
      node: options.nodeName,
      examples: iptables.examples,
      names: {
        iptables: chainsOf(iptablesLines, /^:(KUBE-(?:SVC|SVL|EXT|FW|SEP)-[A-Z2-7]{16}) /g),
        nftables: chainsOf(nftables.nftables ?? [], /^add chain ip6? kube-proxy (\S+)$/g),
        ipvs: (ipvs.ipvs?.virtualServers ?? []).map((server) => `${server.protocol} ${endpointText({ ip: server.address, port: server.port })}`),
      },
      text: { iptables: shown(rulesText(iptables).slice(1)), nftables: shown(rulesText(nftables).slice(1)), ipvs: shown(rulesText(ipvs).slice(1)) },
    };
  }

  private nodeHop(port: ServicePortModel | undefined): RouteHop {
    const range = this.index.settings.nodePortRange;
    const nodePort = port?.nodePort?.value;
    const label = nodePort ? `<any node IP>:${nodePort}` : `<any node IP>:<allocated ${range.min}-${range.max}>`;
    const policy = this.service.externalTrafficPolicy?.value === 'Local'
      ? 'externalTrafficPolicy Local: only Pods on the receiving node get the traffic and the client source IP is kept; nodes without such a Pod drop it.'
      : 'externalTrafficPolicy Cluster: any node forwards to any Pod, possibly on another node, and the client source IP is replaced by the node\'s.';
    const findings = port ? this.findingsAt((path) => path === `${port.path}.nodePort` || path === 'spec.externalTrafficPolicy' || path === 'spec.healthCheckNodePort') : [];
    const span = port?.nodePort?.span ?? port?.span;
    return this.hop('node', label, `The node port is open on every node. ${policy}`, span, findings);
  }

  private loadBalancerHop(port: ServicePortModel | undefined): RouteHop {
    const ip = this.service.loadBalancerIP?.value;
    const number = port?.port?.value ?? '?';
    const details = [ip ? `Requested address ${ip} (loadBalancerIP, deprecated).` : 'The cloud provider assigns the external IP (status.loadBalancer.ingress).'];
    if (this.service.loadBalancerClass?.value) details.push(`Implemented by ${this.service.loadBalancerClass.value}.`);
    const ranges = this.service.loadBalancerSourceRanges?.value ?? [];
    if (ranges.length > 0) details.push(`Only clients from ${ranges.map((range) => range.value.trim()).join(', ')} are let through.`);
    details.push(this.service.allocateLoadBalancerNodePorts?.value === false ? 'No node ports are allocated: the load balancer must reach Pods directly.' : 'It forwards to the node port on the cluster\'s nodes.');
    const findings = this.findingsAt((path) => path.startsWith('spec.loadBalancer') || path.startsWith('spec.LoadBalancer') || path === 'spec.allocateLoadBalancerNodePorts');
    return this.hop('loadBalancer', `${ip ?? '<external IP>'}:${number}`, details.join(' '), this.service.type?.span, findings);
  }

  private headlessDnsHop(port: ServicePortModel | undefined): RouteHop {
    const name = this.indexed.object.name ?? '';
    const dnsName = `${name}.${this.indexed.namespace}.svc.${this.zone()}`;
    const statefulSets = [...this.index.templatesIn(this.indexed.namespace)].filter((workload) => workload.object.recognized === 'StatefulSet' && workload.decoded.workload?.serviceName?.value === name);
    const details = [`Headless: no cluster IP and no kube-proxy rules. Cluster DNS answers ${dnsName} with the IPs of the ready Pods, and the client connects to one itself.`];
    if (port?.name?.value) details.push(`SRV: _${port.name.value}._${effectiveProtocol(port).toLowerCase()}.${dnsName}.`);
    for (const statefulSet of statefulSets) details.push(`Each Pod of ${shortName(statefulSet)} also gets ${statefulSet.object.name}-0.${dnsName} and so on.`);
    const findings = this.findingsAt((path) => path.startsWith('spec.clusterIP') || path.startsWith('spec.selector') || path === 'spec.sessionAffinity' || path === 'spec.externalIPs' || path === 'spec.loadBalancerIP' || (port !== undefined && path.startsWith(port.path)));
    return { ...this.hop('dns', dnsName, details.join(' '), this.service.clusterIP?.span ?? this.service.clusterIPs?.span, findings), records: this.recordsFor(port) };
  }

  private externalNameHops(port: ServicePortModel | undefined, hops: RouteHop[]): void {
    const name = this.indexed.object.name ?? '';
    const external = this.service.externalName?.value ?? '';
    const number = port?.port?.value;
    hops.push(this.hop('client', 'In-cluster client', 'Any Pod in the cluster, looking the Service up by its DNS name.'));
    const dnsFindings = this.findingsAt((path) => path.startsWith('spec.externalName') || path.startsWith('spec.clusterIPs') || path.startsWith('spec.ipFamil') || path === 'spec.type');
    hops.push({ ...this.hop('dns', `${name}.${this.indexed.namespace}.svc.${this.zone()} → CNAME ${external || '?'}`, 'Cluster DNS answers with a CNAME record; no cluster IP, no proxying.', this.service.externalName?.span ?? this.service.type?.span, dnsFindings), records: this.recordsFor(port) });
    hops.push(this.hop('external', `${external || '?'}${number ? `:${number}` : ''}`, `The client connects to the external host itself${number ? ` on port ${number}` : ''}; nothing in the cluster forwards the traffic, so the port is only documentation.`));
  }

  private ingressHops(port: ServicePortModel | undefined): RouteHop[] {
    if (!port) return [];
    const hops: RouteHop[] = [];
    const name = this.indexed.object.name;
    for (const object of this.index.objects()) {
      if (object.object.recognized !== 'Ingress' || object.namespace !== this.indexed.namespace) continue;
      for (const backend of object.decoded.ingressBackends ?? []) {
        if (backend.serviceName?.value !== name) continue;
        const byNumber = backend.portNumber?.value !== undefined && backend.portNumber.value === port.port?.value;
        const byName = backend.portName?.value !== undefined && backend.portName.value !== '' && backend.portName.value === port.name?.value;
        if (!byNumber && !byName) continue;
        const where = backend.host || backend.httpPath ? `${backend.host ?? 'any host'}${backend.httpPath ? ` ${backend.httpPath}` : ''}` : 'default backend';
        hops.push({ ...this.hop('ingress', `Ingress ${object.object.name}: ${where}`, `The ingress controller routes ${where} to ${name}:${port.port?.value ?? port.name?.value}.`, backend.span, [], object.file), joins: true });
      }
    }
    return hops;
  }

  /**
   * One entry hop per Gateway listener a route attaches to and a rule of it sends to this port:
   * the listener (protocol, port, hostname), the rule (hostnames, matches, this backend's weight
   * among the rule's), broken with the controller's reason when the route attaches nowhere or the
   * reference does not resolve.
   */
  private gatewayHops(port: ServicePortModel | undefined): RouteHop[] {
    const analysis = this.index.gateways();
    if (!port || !analysis) return [];
    const hops: RouteHop[] = [];
    for (const backend of analysis.backends) {
      if (backend.service !== this.indexed || backend.ref.port?.value !== port.port?.value) continue;
      const route = backend.route;
      const model = route.decoded.gateway && 'route' in route.decoded.gateway ? route.decoded.gateway.route : undefined;
      if (!model) continue;
      const routeName = `${model.kind}/${route.object.name ?? ''}`;
      const rule = describeRule(model.kind, model.hostnames?.value.map((hostname) => hostname.value) ?? [], backend.rule, backend.share, backend.ref.weight?.value ?? 1, backend.rule.backendRefs.reduce((sum, ref) => sum + (ref.weight?.value ?? 1), 0));
      const backendFinding = backend.problem ? [{ code: backend.problem.code, severity: 'warning' as const, message: backend.problem.message }] : [];
      const ruleLink: RouteLink = { label: `${routeName} rule ${backend.rule.index + 1}`, file: route.file, range: this.range(route.file, backend.rule.span) };
      const attachments = analysis.attachments.filter((attachment) => attachment.route === route && (attachment.parent !== undefined || attachment.problem !== undefined));
      if (attachments.length === 0) {
        hops.push({ ...this.hop('gateway', `${routeName} (no Gateway)`, `${routeName} names no Gateway in its parentRefs, so no listener sends it traffic. ${rule}`, backend.ref.span, backendFinding, route.file, 'broken'), joins: true, links: [ruleLink] });
        continue;
      }
      for (const attachment of attachments) {
        const parentName = `${attachment.parent?.object.kind ?? parentKindOf(attachment.ref)} ${attachment.ref.namespace?.value || route.namespace}/${attachment.ref.name?.value ?? ''}`;
        if (attachment.problem) {
          const findings = [{ code: attachment.problem.code, severity: 'warning' as const, message: attachment.problem.message }, ...backendFinding];
          hops.push({ ...this.hop('gateway', `${parentName} ✗ ${routeName}`, `${routeName} is not attached to ${parentName} (${attachment.problem.reason}), so this path carries no traffic. ${rule}`, attachment.ref.span, findings, route.file, 'broken'), joins: true, links: [ruleLink] });
          continue;
        }
        for (const listener of attachment.listeners) {
          const owner = listener.owner;
          const where = `${listener.model.protocol?.value ?? '?'} ${listener.model.port?.value ?? '?'}${listener.model.hostname?.value ? ` ${listener.model.hostname.value}` : ''}`;
          const listenerLink: RouteLink = { label: `${owner.object.kind}/${owner.object.name ?? ''} listener ${listener.model.name?.value ?? listener.model.index}`, file: owner.file, range: this.range(owner.file, listener.model.span) };
          const detail = `Listener ${listener.model.name?.value ?? '?'} of ${owner.object.kind} ${owner.namespace}/${owner.object.name ?? ''} takes ${where} and admits ${routeName}. ${rule}`;
          hops.push({ ...this.hop('gateway', `${parentName}:${listener.model.name?.value ?? '?'} · ${where} → ${routeName}`, detail, backend.ref.span, backendFinding, route.file, backend.problem ? 'broken' : undefined), joins: true, links: [listenerLink, ruleLink] });
        }
      }
    }
    return hops;
  }

  /** Pod and container hops, one pair per matched workload, or a broken placeholder. */
  private endpointHops(port: ServicePortModel | undefined, hops: RouteHop[]): void {
    const selector = this.service.selector?.value ?? [];
    const target = port ? effectiveTargetPort(port) : undefined;
    if (selector.length === 0) {
      const findings = this.findings.filter((finding) => finding.code === 'service/no-selector');
      hops.push(this.hop('pod', 'Endpoints written by hand', 'Without a selector Kubernetes creates no endpoints; Endpoints or EndpointSlice objects must list the backends.', this.service.specSpan, findings, undefined, findings.some((finding) => finding.message.includes('none are in the workspace')) ? 'warning' : 'ok'));
      return;
    }
    const workloads = matchedWorkloads(this.index, this.indexed);
    const operated = this.findings.find((finding) => finding.code === 'service/pods-from-operator');
    if (workloads.length === 0 && operated) {
      const operator = typeof operated.data?.operator === 'string' ? operated.data.operator.split('/') : [];
      const name = operator.length >= 3 ? `${operator[0]}/${operator.slice(2).join('/')}` : 'its resource';
      hops.push(this.hop('pod', `Pods created by the operator of ${name}`, `The operator of ${name} creates the Pods this selector matches; no manifest here shows them, so their ports are not checked.`, this.service.selector?.keySpan, [operated]));
      return;
    }
    if (workloads.length === 0) {
      const findings = this.findings.filter((finding) => finding.code === 'service/selector-matches-nothing');
      hops.push(this.hop('pod', 'No matching Pods', 'The selector matches no pod template, so the Service has no endpoints and connections fail.', this.service.selector?.keySpan, findings, undefined, 'broken'));
      return;
    }
    const policy = port ? this.policyHop(port, workloads) : undefined;
    if (policy) hops.push(policy);
    for (const workload of workloads) {
      const resolution = port ? resolveTargetPort(port, workload) : { kind: 'unknown' as const };
      const workloadFindings = this.findings.filter((finding) => finding.data?.workload === workload.id && (port === undefined || finding.path?.startsWith(`${port.path}.`)));
      const number = resolution.kind === 'resolved' ? resolution.port.number : typeof target === 'number' ? target : undefined;
      const replicas = replicaText(workload);
      const targetText = typeof target === 'string' ? `targetPort ${target}${number !== undefined ? ` → ${number}` : ' (unresolved)'}` : `targetPort ${target ?? '?'}`;
      const template = workload.decoded.template;
      hops.push({
        ...this.hop('pod', `${shortName(workload)} ${replicas}`, `<pod IP>:${number ?? '?'} (${targetText}). Pod IPs come from the network plugin and change when Pods are recreated.`, template?.labels?.span ?? template?.span, workloadFindings, workload.file),
        workload: workload.id,
      });
      if (resolution.kind === 'resolved') {
        const declared = resolution.port;
        hops.push({
          ...this.hop('container', `${declared.container}:${declared.number}/${declared.protocol}`, `Container ${declared.container}${declared.sidecar ? ' (native sidecar)' : ''} declares ${declared.name ? `port ${declared.name} = ` : 'port '}${declared.number}/${declared.protocol}.`, declared.model.containerPort?.span ?? declared.model.span, [], workload.file),
          workload: workload.id,
        });
      } else if (resolution.kind === 'undeclared' || resolution.kind === 'protocol-mismatch') {
        hops.push({
          ...this.hop('container', `<a container>:${resolution.number}`, `No container declares ${resolution.number}/${port ? effectiveProtocol(port) : 'TCP'}; traffic arrives if a process in the Pod listens on it.`, template?.span, [], workload.file, resolution.kind === 'protocol-mismatch' ? 'warning' : 'ok'),
          workload: workload.id,
        });
      } else if (resolution.kind === 'unresolved') {
        hops.push({
          ...this.hop('container', `no port named ${resolution.name}`, `No container of ${shortName(workload)} has a ${port ? effectiveProtocol(port) : 'TCP'} port named ${resolution.name}, so this Pod receives nothing on this Service port.`, template?.span, [], workload.file, 'broken'),
          workload: workload.id,
        });
      }
    }
  }

  /**
   * Who NetworkPolicies let reach the Pods on this port's targetPort: everyone, the workloads and
   * address ranges they allow, or nobody. Only in a unit that has policies.
   */
  private policyHop(port: ServicePortModel, workloads: readonly IndexedObject[]): RouteHop | undefined {
    const connectivity = this.index.connectivity();
    if (!connectivity) return undefined;
    const protocol = effectiveProtocol(port) as Protocol;
    const lines: string[] = [];
    let isolatedCount = 0;
    let blockedCount = 0;
    const allowedSources = new Set<string>();
    let firstPolicy: IndexedObject | undefined;
    const links = new Map<string, RouteLink>();
    for (const indexed of workloads) {
      const workload = connectivity.workloads.find((candidate) => candidate.object === indexed);
      const resolution = resolveTargetPort(port, indexed);
      const number = resolvedNumber(resolution);
      if (!workload || number === undefined) continue;
      const isolating = connectivity.ingressPoliciesOf(workload);
      if (isolating.length === 0) {
        lines.push(`${shortName(indexed)} on ${number}/${protocol}: no policy isolates its Pods, anything may connect.`);
        continue;
      }
      isolatedCount++;
      firstPolicy ??= isolating[0];
      // A link to each deciding rule: those that let the target port in, or the isolating policy itself.
      for (const policy of isolating) {
        const name = `NetworkPolicy/${policy.object.name ?? ''}`;
        const rules = (policy.decoded.networkPolicy?.ingress ?? []).filter((rule) => rulePorts(rule.ports, workload).has(protocol, number));
        if (rules.length === 0) links.set(name, { label: `${name} (isolates, allows nothing here)`, file: policy.file, range: this.range(policy.file, policy.object.anchorSpan) });
        for (const rule of rules) links.set(`${name}#${rule.index}`, { label: `${name} spec.ingress[${rule.index}]`, file: policy.file, range: this.range(policy.file, rule.span) });
      }
      // The workload's own other Pods count: they connect to each other through the Service too.
      const sources = [...connectivity.workloads.map((other) => ({ workload: other })), ...connectivity.externals.map((external) => ({ external }))]
        .filter((peer) => connectivity.allowed(peer, { workload }).has(protocol, number))
        .map((peer) => ('workload' in peer && peer.workload === workload ? `${peerText(peer)} (its own Pods)` : peerText(peer)));
      for (const source of sources) allowedSources.add(source);
      if (sources.length === 0) blockedCount++;
      const shown = sources.length > 6 ? `${sources.slice(0, 6).join(', ')} and ${sources.length - 6} more` : sources.join(', ');
      lines.push(`${shortName(indexed)} on ${number}/${protocol}: isolated by ${isolating.map((policy) => `NetworkPolicy/${policy.object.name ?? ''}`).join(', ')}; ${sources.length === 0 ? 'no rule lets anything in' : `allowed from ${shown}`}.`);
    }
    // Pods no policy isolates need no hop: traffic reaches them as if there were no policies.
    if (isolatedCount === 0) return undefined;
    const type = effectiveType(this.service);
    if (type === 'NodePort' || type === 'LoadBalancer') {
      lines.push(this.service.externalTrafficPolicy?.value === 'Local' ? 'From outside, policies see the client\'s own address (externalTrafficPolicy Local).' : 'From outside, policies see the address of the node that forwarded the connection, not the client\'s (externalTrafficPolicy Cluster SNATs it).');
    }
    const findings = this.findings.filter((finding) => finding.code === 'networkpolicy/service-unreachable' && finding.path?.startsWith(`${port.path}.`));
    const label = blockedCount === isolatedCount && allowedSources.size === 0 ? 'nobody may connect' : `${allowedSources.size} source${allowedSources.size === 1 ? '' : 's'} may connect`;
    const status: HopStatus = blockedCount === workloads.length ? 'broken' : blockedCount > 0 ? 'warning' : 'ok';
    return { ...this.hop('policy', label, lines.join(' '), firstPolicy?.object.anchorSpan, findings, firstPolicy?.file ?? this.indexed.file, status), links: [...links.values()] };
  }

  /**
   * The Service's own findings at the paths `matches` selects. Findings about one workload and
   * the ones that break the path belong on the pod hops, so they are left out here.
   */
  private findingsAt(matches: (path: string) => boolean): Finding[] {
    return this.findings.filter((finding) => finding.path !== null && matches(finding.path) && !breakingCodes.has(finding.code) && finding.data?.workload === undefined && finding.code !== 'service/no-selector' && !finding.code.startsWith('networkpolicy/'));
  }

  private hop(kind: RouteHop['kind'], label: string, detail: string, span?: Span, findings: readonly (Finding | RouteFinding)[] = [], file = this.indexed.file, status?: HopStatus): RouteHop {
    const routeFindings = findings.map((finding) => ({ code: finding.code, severity: finding.severity, message: finding.message }));
    return {
      kind,
      label,
      detail,
      ...(span ? { file, range: this.range(file, span) } : {}),
      status: status ?? statusOf(routeFindings),
      findings: routeFindings,
    };
  }

  private range(file: string, span: Span): RouteRange {
    let lines = this.lineIndexes.get(file);
    if (!lines) {
      lines = new LineIndex(this.index.source(file)?.text ?? '');
      this.lineIndexes.set(file, lines);
    }
    return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
  }
}

function statusOf(findings: readonly RouteFinding[]): HopStatus {
  if (findings.some((finding) => finding.severity === 'error' || breakingCodes.has(finding.code))) return 'broken';
  if (findings.some((finding) => finding.severity === 'warning')) return 'warning';
  return 'ok';
}

export function replicaText(workload: IndexedObject): string {
  switch (workload.object.recognized) {
    case 'DaemonSet':
      return '(one Pod per node)';
    case 'Pod':
      return '(1 Pod)';
    case 'Job':
    case 'CronJob':
      return '(Pods while it runs)';
    default: {
      const replicas = workload.decoded.workload?.replicas?.value ?? 1;
      return `× ${replicas}`;
    }
  }
}

/** A route rule in words: the hostnames, what it matches, and this backend's share of it. */
function describeRule(kind: string, hostnames: readonly string[], rule: RouteRuleModel, share: number, weight: number, total: number): string {
  const matches = rule.matches.map((match) => {
    const parts: string[] = [];
    if (match.pathValue || match.pathType) parts.push(`${match.pathType?.value ?? 'PathPrefix'} ${match.pathValue?.value ?? '/'}`);
    if (match.method) parts.push(match.method.value);
    if (match.grpcService || match.grpcMethod) parts.push(`${match.grpcService?.value ?? '*'}/${match.grpcMethod?.value ?? '*'}`);
    for (const header of match.headers) parts.push(`header ${header.name?.value ?? '?'}: ${header.value?.value ?? ''}`);
    return parts.join(', ') || 'everything';
  });
  const weightText = rule.backendRefs.length > 1 ? `; this backend gets weight ${weight} of ${total} (${Math.round(share * 100)}%)` : '';
  if (kind === 'TCPRoute' || kind === 'UDPRoute') return `Rule ${rule.index + 1} sends every ${kind === 'UDPRoute' ? 'datagram' : 'connection'} here${weightText}.`;
  const hosts = hostnames.length > 0 ? hostnames.join(', ') : 'any host';
  if (kind === 'TLSRoute') return `Rule ${rule.index + 1} sends TLS connections for ${hosts} (by SNI) here${weightText}.`;
  return `Rule ${rule.index + 1} sends requests for ${hosts}${matches.length > 0 ? ` matching ${matches.join(' or ')}` : ''} here${weightText}.`;
}

function parentKindOf(ref: { readonly kind?: { readonly value: string } }): string {
  return ref.kind?.value ?? 'Gateway';
}
