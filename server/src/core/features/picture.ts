/**
 * The cluster one Service port's traffic crosses, as data the route view draws: the client and
 * load balancer outside, example nodes (each with its address, node port and kube-proxy), the
 * Pods of the selected workloads spread over them with their IPs and containers, the cluster IP
 * as a virtual address no interface carries, the cluster DNS for headless and ExternalName
 * Services, and the packet walks: each step from one element to the next with the packet's
 * source and destination at that step and what rewrote them (DNAT, SNAT, nothing). Values the
 * manifests leave to the cluster are examples and say so; the same example addresses as the
 * DNS records and the kube-proxy rules.
 */
import { routeWords } from './routeWords';
import type { RouteWords } from './routeWords';
import type { PictureAddress, PictureContainer, PictureGateway, PictureNode, PicturePod, PictureStep, PictureWalk, RouteHop, RoutePicture } from '../../protocol/route';
import type { ServicePortModel } from '../decode';
import { resolveTargetPort, shortName } from '../routing';
import type { IndexedObject } from '../routing';
import { matchedWorkloads } from '../rules/crossObject';
import { effectiveProtocol, effectiveType, isHeadless } from '../rules/serviceShape';
import { nthAddress, proxyInput, proxyOptionsFor, replicaCount } from '../proxy/service';
import type { WorkspaceIndex } from '../workspace';

/** What the picture shows at most: more is grouped. */
const maxWorkloads = 3;
const maxPodsPerWorkload = 3;
const maxNodes = 4;
const maxGateways = 3;

/** An address outside the cluster for the example client (TEST-NET-3). */
const exampleClientAddress = '203.0.113.7';
const exampleClientPort = 51234;
/** An example load balancer address (TEST-NET-2) when the manifest has no status. */
const exampleLoadBalancerAddress = '198.51.100.10';

export interface PictureInput {
  readonly index: WorkspaceIndex;
  readonly service: IndexedObject;
  readonly port: ServicePortModel;
  readonly hops: readonly RouteHop[];
  /** How many example nodes to draw at least (the setting k8sRoute.route.exampleNodes). */
  readonly exampleNodes: number;
  /** The language of the walk's notes. */
  readonly words?: RouteWords;
}

export function routePicture(input: PictureInput): RoutePicture {
  const { index, service, port, hops } = input;
  const words = input.words ?? routeWords('en');
  const model = service.decoded.service!;
  const type = effectiveType(model);
  const headless = isHeadless(model);
  const protocol = effectiveProtocol(port);
  const number = port.port?.value ?? 0;
  const options = proxyOptionsFor(index.settings);
  const proxied = proxyInput(index, service, options);
  const family = proxied.kind === 'proxied' ? proxied.families[0] : undefined;
  const proxiedPort = family?.ports.find((candidate) => candidate.port === number && candidate.protocol === protocol);
  const hopOf = (kind: RouteHop['kind'], workload?: string): number | undefined => {
    const position = hops.findIndex((hop) => hop.kind === kind && (workload === undefined || hop.workload === workload));
    return position === -1 ? undefined : position;
  };
  const statusOf = (position: number | undefined): 'ok' | 'broken' => (position !== undefined && hops[position].status === 'broken' ? 'broken' : 'ok');
  const findingOf = (position: number | undefined): string | undefined => (position !== undefined ? hops[position].findings[0]?.message : undefined);

  // Workloads and their Pods, spread over the nodes.
  const workloads = type === 'ExternalName' ? [] : matchedWorkloads(index, service);
  const shown = workloads.slice(0, maxWorkloads);
  const hidden = workloads.slice(maxWorkloads);
  const podCount = shown.reduce((sum, workload) => sum + Math.min(replicaCount(workload), maxPodsPerWorkload), 0);
  // ExternalName: no Pods and no proxying, only the client's node matters.
  const nodeCount = type === 'ExternalName' ? 1 : Math.max(1, Math.min(maxNodes, Math.max(input.exampleNodes, Math.ceil(podCount / 3))));
  const nodes: Array<PictureNode & { pods: PicturePod[] }> = [];
  for (let position = 0; position < nodeCount; position++) {
    const name = position === 0 ? options.nodeName : position === 1 ? options.otherNode.name : `node-${position + 1}`;
    const ip = position === 0 ? options.nodeIPs.IPv4 : position === 1 ? options.otherNode.ips.IPv4 : `192.168.0.${10 + position}`;
    nodes.push({ name, ip: { text: ip, example: options.exampleNode }, pods: [], dropsExternal: false });
  }
  let podSerial = 0;
  for (const workload of shown) {
    const replicas = replicaCount(workload);
    const resolution = resolveTargetPort(port, workload);
    const targetPort = resolution.kind === 'resolved' ? resolution.port.number : resolution.kind === 'undeclared' || resolution.kind === 'protocol-mismatch' ? resolution.number : null;
    const hop = hopOf('pod', workload.id);
    const containerHop = hops.findIndex((candidate, position) => candidate.kind === 'container' && candidate.workload === workload.id && position > (hop ?? -1));
    const containers: PictureContainer[] = (workload.decoded.template?.spec?.containers ?? [])
      .filter((container) => container.group !== 'initContainers' || container.restartPolicy?.value === 'Always')
      .map((container) => ({
        name: container.name?.value ?? '?',
        ports: (container.ports?.value ?? []).map((declared) => ({
          name: declared.name?.value ?? null,
          number: declared.containerPort?.value ?? 0,
          protocol: declared.protocol?.value || 'TCP',
          matched: resolution.kind === 'resolved' && resolution.port.model === declared,
        })),
      }));
    for (let ordinal = 0; ordinal < Math.min(replicas, maxPodsPerWorkload); ordinal++) {
      const ip = nthAddress(options.podCidrs.IPv4, podSerial + 1) ?? '';
      const node = nodes[podSerial % nodes.length];
      // StatefulSet Pods have stable names, and DNS names of their own under the headless Service that governs them.
      const statefulSet = workload.object.kind === 'StatefulSet';
      const podName = statefulSet ? `${workload.object.name ?? ''}-${ordinal}` : undefined;
      const governed = statefulSet && headless && workload.decoded.workload?.serviceName?.value === service.object.name;
      node.pods.push({
        id: `${workload.id}#${ordinal}`,
        workload: workload.id,
        label: podName ? `${shortName(workload)} · ${podName}` : shortName(workload),
        ...(governed ? { dnsName: `${podName}.${service.object.name ?? ''}.${service.namespace}.svc` } : {}),
        ip: { text: ip, example: true },
        targetPort,
        containers,
        ...(hop !== undefined ? { hop } : {}),
        ...(containerHop !== -1 ? { containerHop } : {}),
        status: statusOf(hop),
      });
      podSerial++;
    }
    if (replicas > maxPodsPerWorkload) nodes[(podSerial - 1) % nodes.length].morePods = (nodes[(podSerial - 1) % nodes.length].morePods ?? 0) + replicas - maxPodsPerWorkload;
  }

  // Addresses the walks use.
  const clusterIP = family ? { text: family.clusterIP, example: family.clusterIPExample } : undefined;
  const nodePort = proxiedPort && proxiedPort.nodePort !== 0 ? { number: proxiedPort.nodePort, example: proxiedPort.nodePortExample } : undefined;
  const externalPolicyLocal = family?.externalPolicyLocal ?? false;
  const clientNode = nodes[nodes.length - 1];
  const clientPod: PictureAddress = { text: nthAddress(options.podCidrs.IPv4, 250) ?? '10.244.0.250', example: true };
  const allPods = nodes.flatMap((node) => node.pods.map((pod) => ({ node, pod })));
  const external = type === 'NodePort' || type === 'LoadBalancer';
  const lbVip = family?.loadBalancerVIPs[0];
  const serviceHop = hopOf('service');
  const dnsHop = hopOf('dns');
  const kubeProxyHop = hopOf('kubeProxy');
  const nodeHop = hopOf('node');
  const lbHop = hopOf('loadBalancer');
  const policyHop = hopOf('policy');
  const policy = policyHop !== undefined ? hops[policyHop] : undefined;
  const policyBroken = statusOf(policyHop) === 'broken';
  // The in-cluster client is an arbitrary Pod: where policies let in only some workloads, it is not one of them.
  const onlySome = policy?.admitsAnyPod === false;
  /** Whether the policies stop a walk's client, and the sentence that says why. */
  interface Verdict {
    readonly blocked: boolean;
    readonly finding?: string;
  }
  const anyPodVerdict: Verdict = policyBroken ? { blocked: true, finding: findingOf(policyHop) ?? policy!.detail } : onlySome ? { blocked: true, finding: words.walkPolicyOnlySome(policy!.label, policy!.detail) } : { blocked: false };
  const outsideVerdict: Verdict = policyBroken ? anyPodVerdict : { blocked: false };
  // Every endpoint of the port, drawn or not: each new connection picks one of them at random.
  const totalEndpoints = Math.max(1, workloads.reduce((sum, workload) => sum + replicaCount(workload), 0));
  const podStep = (from: string, pod: { node: PictureNode; pod: PicturePod } | undefined, source: string, note: string, verdict: Verdict, rewrite?: 'DNAT' | 'DNAT+SNAT', among?: ReadonlyArray<{ node: PictureNode; pod: PicturePod }>, total?: number): PictureStep[] => {
    if (!pod) return [{ from, to: 'no-pods', source, destination: words.walkNoPod, note: words.walkNoPodNote, status: 'broken', ...(findingOf(hopOf('pod')) ? { finding: findingOf(hopOf('pod')) } : {}) }];
    const destination = `${pod.pod.ip.text}:${pod.pod.targetPort ?? '?'}`;
    const broken = pod.pod.status === 'broken' || pod.pod.targetPort === null || verdict.blocked;
    const finding = verdict.blocked ? verdict.finding : findingOf(pod.pod.hop);
    // Load balancing: this endpoint's share, and the others the same step may pick.
    const share = among && among.length > 0 ? shareText(1 / Math.max(among.length, total ?? among.length)) : undefined;
    const spread = among && share ? among.filter((other) => other !== pod).map((other) => ({ to: `pod:${other.pod.id}`, destination: `${other.pod.ip.text}:${other.pod.targetPort ?? '?'}`, share })) : [];
    const steps: PictureStep[] = [
      { from, to: `pod:${pod.pod.id}`, source, destination, note, ...(rewrite ? { rewrite } : {}), status: broken ? 'broken' : 'ok', ...(pod.pod.hop !== undefined ? { hop: pod.pod.hop } : {}), ...(broken && finding ? { finding } : {}), ...(share ? { share } : {}), ...(spread.length > 0 ? { spread } : {}) },
      { from: `pod:${pod.pod.id}`, to: `container:${pod.pod.id}`, source, destination, note: words.walkContainer, status: broken ? 'broken' : 'ok', ...(pod.pod.containerHop !== undefined ? { hop: pod.pod.containerHop } : {}) },
    ];
    // A stop at the policy points at the policy hop (its rules and links).
    return steps.map((step) => (verdict.blocked && step.status === 'broken' && step.to.startsWith('pod:') && policyHop !== undefined ? { ...step, hop: policyHop } : step));
  };
  // internalTrafficPolicy Local: a Pod's connections go only to endpoints on its own node.
  const internalLocal = model.internalTrafficPolicy?.value === 'Local';
  const inClusterChoices = internalLocal ? allPods.filter((entry) => entry.node === clientNode) : allPods;
  const inClusterTotal = internalLocal ? inClusterChoices.length : totalEndpoints;

  const walks: PictureWalk[] = [];
  const inClusterSource = `${clientPod.text}:${exampleClientPort}`;
  /** The walks from inside: an arbitrary Pod, then a Pod of each workload the policies decide for. */
  const inClusterWalks = (steps: (verdict: Verdict, target: { node: PictureNode; pod: PicturePod } | undefined) => PictureStep[]): void => {
    walks.push({ client: 'in-cluster', steps: steps(anyPodVerdict, inClusterChoices[0]) });
    for (const source of policy?.sources ?? []) {
      const target = inClusterChoices.find((entry) => entry.pod.workload === source.target) ?? inClusterChoices[0];
      walks.push({ client: 'in-cluster', from: source.label, steps: steps(source.allowed ? { blocked: false } : { blocked: true, finding: source.reason }, target) });
    }
  };
  if (type === 'ExternalName') {
    const target = model.externalName?.value ?? '?';
    walks.push({
      client: 'in-cluster',
      steps: [
        { from: 'client-pod', to: 'dns', source: inClusterSource, destination: `${service.object.name ?? ''}.${service.namespace}.svc (DNS)`, note: words.walkCname(target), status: statusOf(dnsHop), ...(dnsHop !== undefined ? { hop: dnsHop } : {}) },
        // DNS only answers: the client itself then connects out.
        { from: 'client-pod', to: 'external-host', source: inClusterSource, destination: `${target}:${number}`, note: words.walkOutsideHost, status: statusOf(hopOf('external')), ...(hopOf('external') !== undefined ? { hop: hopOf('external') } : {}) },
      ],
    });
  } else if (headless) {
    // The client picks one of the addresses DNS answers, itself: no kube-proxy on the way.
    inClusterWalks((verdict, target) => [
      { from: 'client-pod', to: 'dns', source: inClusterSource, destination: `${service.object.name ?? ''}.${service.namespace}.svc (DNS)`, note: words.walkDnsAnswer(words.list(allPods.map((entry) => entry.pod.ip.text)) || '—'), status: statusOf(dnsHop), ...(dnsHop !== undefined ? { hop: dnsHop } : {}) },
      ...podStep('client-pod', target, inClusterSource, words.walkStraightToPod, verdict, undefined, allPods, totalEndpoints),
    ]);
  } else {
    // From inside: the packet leaves for the cluster IP; kube-proxy's rules on the client's own node rewrite it (DNAT) to a Pod.
    const proxyNode = `kube-proxy:${clientNode.name}`;
    inClusterWalks((verdict, target) => [
      { from: 'client-pod', to: proxyNode, source: inClusterSource, destination: `${clusterIP?.text ?? '?'}:${number}`, note: words.walkToClusterIP, status: statusOf(serviceHop), ...(serviceHop !== undefined ? { hop: serviceHop } : {}) },
      ...podStep(proxyNode, target, inClusterSource, words.walkDnat(clientNode.name), verdict, 'DNAT', inClusterChoices, inClusterTotal),
    ]);
    if (external) {
      // With externalTrafficPolicy Local a load balancer's health check sends only to nodes with a
      // local Pod; the walk enters there (the others drop, as they should, and say why).
      const entryNode = externalPolicyLocal && type === 'LoadBalancer' ? (nodes.find((node) => node.pods.length > 0) ?? nodes[0]) : nodes[0];
      const clientSource = `${exampleClientAddress}:${exampleClientPort}`;
      const steps: PictureStep[] = [];
      if (type === 'LoadBalancer') {
        const lbStatus = statusOf(lbHop);
        steps.push({ from: 'client', to: 'load-balancer', source: clientSource, destination: `${lbVip ?? exampleLoadBalancerAddress}:${number}`, note: words.walkToLoadBalancer, status: lbStatus, ...(lbHop !== undefined ? { hop: lbHop } : {}) });
      }
      if (nodePort) {
        steps.push({ from: type === 'LoadBalancer' ? 'load-balancer' : 'client', to: `node:${entryNode.name}`, source: clientSource, destination: `${entryNode.ip.text}:${nodePort.number}`, note: type === 'LoadBalancer' ? words.walkLbToNode : words.walkToNode, status: statusOf(nodeHop), ...(nodeHop !== undefined ? { hop: nodeHop } : {}) });
        const localPods = allPods.filter((entry) => entry.node === entryNode);
        const local = localPods[0];
        const remote = allPods.find((entry) => entry.node !== entryNode) ?? local;
        if (externalPolicyLocal) {
          for (const node of nodes) if (!node.pods.length) node.dropsExternal = true;
          if (!local) {
            steps.push({ from: `node:${entryNode.name}`, to: `kube-proxy:${entryNode.name}`, source: clientSource, destination: `${entryNode.ip.text}:${nodePort.number}`, note: words.walkLocalDrop(entryNode.name), status: 'broken', ...(kubeProxyHop !== undefined ? { hop: kubeProxyHop } : {}), finding: words.walkLocalDropFinding(entryNode.name) });
          } else {
            steps.push(...podStep(`node:${entryNode.name}`, local, clientSource, words.walkLocalDnat(entryNode.name, exampleClientAddress), outsideVerdict, 'DNAT', localPods));
          }
        } else {
          const snat = `${entryNode.ip.text}:${exampleClientPort}`;
          steps.push(...podStep(`node:${entryNode.name}`, remote, snat, words.walkClusterDnat(entryNode.name, remote && remote.node !== entryNode ? remote.node.name : undefined), outsideVerdict, 'DNAT+SNAT', allPods, totalEndpoints));
        }
      } else if (type === 'LoadBalancer') {
        // No node ports: the load balancer sends to the Pods directly (or to the node's kube-proxy).
        steps.push(...podStep('load-balancer', allPods[0], clientSource, words.walkLbDirect, outsideVerdict, undefined, allPods, totalEndpoints));
      }
      walks.unshift({ client: 'external', steps });
    }
  }

  // Gateway and Ingress entries in front of the port: a walk from outside through each, to a Pod's address.
  const gateways: PictureGateway[] = [];
  if (type !== 'ExternalName') {
    hops.forEach((hop, position) => {
      if ((hop.kind !== 'gateway' && hop.kind !== 'ingress') || !hop.entry || gateways.length >= maxGateways) return;
      // One example address per Gateway (TEST-NET-2), the same for each of its listeners.
      const known = gateways.find((gateway) => gateway.entry.gateway === hop.entry!.gateway);
      const distinct = new Set(gateways.map((gateway) => gateway.entry.gateway)).size;
      const address = known?.address ?? { text: hop.entry.address ?? `198.51.100.${20 + distinct}`, example: hop.entry.address === undefined };
      const status = hop.status === 'broken' ? 'broken' : 'ok';
      gateways.push({ entry: hop.entry, address, hop: position, status });
      const clientSource = `${exampleClientAddress}:${exampleClientPort}`;
      const gatewaySource = `${address.text}:${exampleClientPort}`;
      const finding = hop.findings[0]?.message;
      const first: PictureStep = { from: 'client', to: `gateway:${gateways.length - 1}`, source: clientSource, destination: `${hop.entry.request} :${hop.entry.port}`, note: hop.kind === 'ingress' ? words.walkToIngress(hop.entry.gateway) : words.walkToGateway(hop.entry.route), status, hop: position, ...(status === 'broken' && finding ? { finding } : {}) };
      const target = headless ? allPods[0] : allPods[gateways.length % Math.max(1, allPods.length)] ?? allPods[0];
      // The data plane is a Pod of the cluster as far as policies go: the arbitrary Pod's verdict.
      walks.push({ client: 'gateway', gateway: gateways.length - 1, steps: status === 'broken' ? [first] : [first, ...podStep(`gateway:${gateways.length - 1}`, target, gatewaySource, hop.kind === 'ingress' ? words.walkIngressToPod(hop.entry.gateway) : words.walkGatewayToPod(hop.entry.gateway), anyPodVerdict, undefined, allPods, totalEndpoints)] });
    });
  }

  return {
    type: headless ? 'headless' : type,
    port: { name: port.name?.value ?? null, number, protocol },
    ...(external || gateways.length > 0 ? { client: { text: exampleClientAddress, example: true } } : {}),
    ...(type === 'LoadBalancer' ? { loadBalancer: { address: { text: lbVip ?? exampleLoadBalancerAddress, example: lbVip === undefined }, port: number, sourceRanges: (model.loadBalancerSourceRanges?.value ?? []).map((range) => range.value), ...(lbHop !== undefined ? { hop: lbHop } : {}) } } : {}),
    ...(clusterIP && !headless && type !== 'ExternalName' ? { clusterIP: { address: clusterIP, port: number, dnsName: `${service.object.name ?? ''}.${service.namespace}.svc`, ...(serviceHop !== undefined ? { hop: serviceHop } : {}) } } : {}),
    ...(nodePort ? { nodePort } : {}),
    ...(headless || type === 'ExternalName' ? { dns: { name: `${service.object.name ?? ''}.${service.namespace}.svc`, answer: type === 'ExternalName' ? [`CNAME ${model.externalName?.value ?? '?'}`] : allPods.map((entry) => `A ${entry.pod.ip.text}`), ...(dnsHop !== undefined ? { hop: dnsHop } : {}) } } : {}),
    ...(type === 'ExternalName' ? { externalHost: model.externalName?.value ?? '?' } : {}),
    ...(kubeProxyHop !== undefined ? { kubeProxyHop } : {}),
    externalTrafficPolicy: externalPolicyLocal ? 'Local' : 'Cluster',
    nodes,
    clientPod: { node: clientNode.name, ip: clientPod },
    ...(allPods.length === 0 && type !== 'ExternalName' && findingOf(hopOf('pod')) ? { emptySelector: findingOf(hopOf('pod')) } : {}),
    hiddenWorkloads: { count: hidden.length, pods: hidden.reduce((sum, workload) => sum + replicaCount(workload), 0), names: hidden.map((workload) => shortName(workload)) },
    walks,
    ...(gateways.length > 0 ? { gateways } : {}),
    ...(policy && policyHop !== undefined ? { policy: { label: policy.label, names: policy.policies ?? [], verdict: policyBroken ? 'closed' : onlySome ? 'some' : policy.admitsAnyPod === true ? 'open' : 'unknown', hop: policyHop } } : {}),
  };
}

/** A share of the connections as a percentage: `50%`, `33.3%`. */
function shareText(share: number): string {
  const percent = Math.round(share * 1000) / 10;
  return `${percent}%`;
}
