/**
 * Every sentence of the route model (hop labels and details, the packet walk's notes) in English
 * and Simplified Chinese. Chinese text uses full-width punctuation (，。：；（）) around Chinese
 * words; values, names and fields stay as the manifests write them.
 */
import type { Locale } from './explain';

export interface RouteWords {
  /** Sentences of one detail, joined as the language writes them. */
  sentences(parts: readonly string[]): string;
  clusterIP: string;
  inClusterClient: string;
  externalClient: string;
  clientLooksUp: string;
  clientOutside: string;
  clientUsesClusterIP: string;
  clusterIPOnly: string;
  virtualIPRequested(ips: readonly string[]): string;
  virtualIPAllocated: string;
  dns(name: string): string;
  alsoExternalIPs(list: string): string;
  sessionAffinity(seconds: number): string;
  internalLocal: string;
  onANode(iptables: string, nftables: string): string;
  kubeProxyDetail(target: string, chains: string): string;
  moreRuleLines(count: number, service: string): string;
  anyNodeIP: string;
  allocated(min: number, max: number): string;
  externalLocal: string;
  externalCluster: string;
  nodePortOpen(policy: string): string;
  externalIP: string;
  requestedAddress(ip: string): string;
  cloudAssigns: string;
  implementedBy(name: string): string;
  onlyFrom(ranges: string): string;
  noNodePorts: string;
  forwardsToNodePort: string;
  headless(dnsName: string): string;
  srv(name: string): string;
  statefulSetNames(workload: string, first: string): string;
  cnameAnswer: string;
  externalConnect(port: number | undefined): string;
  anyHost: string;
  defaultBackend: string;
  ingressRoutes(where: string, target: string): string;
  ruleLink(route: string, index: number): string;
  noGateway(route: string): string;
  meshEntry(parent: string, route: string): string;
  meshEntryDetail(parent: string, route: string, rule: string): string;
  meshParent(route: string): string;
  meshParentDetail(route: string, rules: string): string;
  meshRule(index: number, matches: string, targets: string): string;
  meshNoBackend: string;
  noGatewayDetail(route: string, rule: string): string;
  notAttached(route: string, parent: string, reason: string, rule: string): string;
  listenerLink(owner: string, listener: string): string;
  listenerDetail(listener: string, owner: string, where: string, route: string, rule: string): string;
  byHand: string;
  byHandDetail: string;
  itsResource: string;
  operatorPods(name: string): string;
  operatorDetail(name: string): string;
  noPods: string;
  noPodsDetail: string;
  unresolvedTarget: string;
  podDetail(number: string, target: string): string;
  nativeSidecar: string;
  containerDeclares(container: string, sidecar: boolean, name: string | undefined, port: string): string;
  aContainer: string;
  undeclared(port: string): string;
  noPortNamed(name: string): string;
  noPortNamedDetail(workload: string, protocol: string, name: string): string;
  notIsolated(workload: string, port: string): string;
  isolatesNothing(policy: string): string;
  ownPods(peer: string): string;
  andMore(shown: string, more: number): string;
  isolatedBy(workload: string, port: string, policies: string, allowed: string | undefined): string;
  policyLocal: string;
  policyCluster: string;
  nobody: string;
  /** Items of a list in a sentence: `a, b` in English, `a、b` in Chinese. */
  list(items: readonly string[]): string;
  listSeparator: string;
  onlyEgressBlocks: string;
  blockedByEgress(sources: string, policies: string): string;
  /** One side of a connection as `reach` explains it: `egress of web` / `ingress of api`. */
  side(direction: 'egress' | 'ingress', who: string): string;
  sideTierRule(side: string, rule: string, action: string): string;
  sideIsolatedNoRule(side: string, policies: string, port: string): string;
  sideAllowedBy(side: string, rules: string): string;
  sideOpen(side: string): string;
  fromWorkload(workload: string): string;
  egressLink(policy: string): string;
  sources(count: number): string;
  replicasDaemon: string;
  replicasPod: string;
  replicasJob: string;
  ruleEverything: string;
  header(name: string, value: string): string;
  ruleWeight(weight: number, total: number, percent: number): string;
  ruleStream(index: number, udp: boolean, weight: string): string;
  ruleTls(index: number, hosts: string, weight: string): string;
  ruleHttp(index: number, hosts: string, matches: string[], weight: string): string;
  walkNoPod: string;
  walkNoPodNote: string;
  walkContainer: string;
  walkCname(target: string): string;
  walkOutsideHost: string;
  walkDnsAnswer(ips: string): string;
  walkStraightToPod: string;
  walkToClusterIP: string;
  walkDnat(node: string): string;
  walkToLoadBalancer: string;
  walkLbToNode: string;
  walkToNode: string;
  walkLocalDrop(node: string): string;
  walkLocalDropFinding(node: string): string;
  walkLocalDnat(node: string, client: string): string;
  walkClusterDnat(node: string, other: string | undefined): string;
  walkLbDirect: string;
  walkToGateway(route: string): string;
  walkGatewayToPod(gateway: string): string;
  walkToIngress(ingress: string): string;
  walkIngressToPod(ingress: string): string;
  walkPolicyOnlySome(label: string, detail: string): string;
}

const english: RouteWords = {
  sentences: (parts) => parts.join(' '),
  clusterIP: '<cluster IP>',
  inClusterClient: 'In-cluster client',
  externalClient: 'External client',
  clientLooksUp: 'Any Pod in the cluster, looking the Service up by its DNS name.',
  clientOutside: 'A client outside the cluster.',
  clientUsesClusterIP: 'Pods inside the cluster use the cluster IP or the DNS name instead of the node port.',
  clusterIPOnly: 'Any Pod in the cluster; a ClusterIP Service is not reachable from outside.',
  virtualIPRequested: (ips) => `Virtual IP ${ips.join(' and ')} (requested in the manifest); no interface carries it.`,
  virtualIPAllocated: 'Virtual IP allocated from the service CIDR when the Service is created; no interface carries it.',
  dns: (name) => `DNS: ${name}.`,
  alsoExternalIPs: (list) => `Also answers on external IPs ${list}.`,
  sessionAffinity: (seconds) => `Session affinity ClientIP: a client keeps its Pod for ${seconds} s.`,
  internalLocal: 'internalTrafficPolicy Local: in-cluster clients reach only Pods on their own node.',
  onANode: (iptables, nftables) => `On a node: iptables chain ${iptables}, nftables chain ${nftables}.`,
  kubeProxyDetail: (target, chains) => `kube-proxy's rules on the node (iptables mode by default; nftables or IPVS where configured) rewrite the destination (DNAT) to one ready Pod's IP and port ${target}, load-balancing across the Pods the selector matches. ${chains}`,
  moreRuleLines: (count, service) => `# … ${count} more lines: k8s-route rules --service ${service} prints them all`,
  anyNodeIP: '<any node IP>',
  allocated: (min, max) => `<allocated ${min}-${max}>`,
  externalLocal: 'externalTrafficPolicy Local: only Pods on the receiving node get the traffic and the client source IP is kept; nodes without such a Pod drop it.',
  externalCluster: 'externalTrafficPolicy Cluster: any node forwards to any Pod, possibly on another node, and the client source IP is replaced by the node\'s.',
  nodePortOpen: (policy) => `The node port is open on every node. ${policy}`,
  externalIP: '<external IP>',
  requestedAddress: (ip) => `Requested address ${ip} (loadBalancerIP, deprecated).`,
  cloudAssigns: 'The cloud provider assigns the external IP (status.loadBalancer.ingress).',
  implementedBy: (name) => `Implemented by ${name}.`,
  onlyFrom: (ranges) => `Only clients from ${ranges} are let through.`,
  noNodePorts: 'No node ports are allocated: the load balancer must reach Pods directly.',
  forwardsToNodePort: 'It forwards to the node port on the cluster\'s nodes.',
  headless: (dnsName) => `Headless: no cluster IP and no kube-proxy rules. Cluster DNS answers ${dnsName} with the IPs of the ready Pods, and the client connects to one itself.`,
  srv: (name) => `SRV: ${name}.`,
  statefulSetNames: (workload, first) => `Each Pod of ${workload} also gets ${first} and so on.`,
  cnameAnswer: 'Cluster DNS answers with a CNAME record; no cluster IP, no proxying.',
  externalConnect: (port) => `The client connects to the external host itself${port ? ` on port ${port}` : ''}; nothing in the cluster forwards the traffic, so the port is only documentation.`,
  anyHost: 'any host',
  defaultBackend: 'default backend',
  ingressRoutes: (where, target) => `The ingress controller routes ${where} to ${target}.`,
  ruleLink: (route, index) => `${route} rule ${index}`,
  noGateway: (route) => `${route} (no Gateway)`,
  meshEntry: (parent, route) => `mesh: ${parent} → ${route}`,
  meshEntryDetail: (parent, route, rule) => `${route} names ${parent} as its parent (GAMMA): inside a mesh, requests sent to that Service are routed by its rules, and this one sends them here. ${rule}`,
  meshParent: (route) => `mesh route ${route}`,
  meshParentDetail: (route, rules) => `${route} names this Service as its parent (GAMMA): inside a mesh, requests sent to it go where the route's rules send them, not necessarily to its own Pods. ${rules}`,
  meshRule: (index, matches, targets) => `Rule ${index} (${matches}) → ${targets}.`,
  meshNoBackend: 'no backend (500)',
  noGatewayDetail: (route, rule) => `${route} names no Gateway in its parentRefs, so no listener sends it traffic. ${rule}`,
  notAttached: (route, parent, reason, rule) => `${route} is not attached to ${parent} (${reason}), so this path carries no traffic. ${rule}`,
  listenerLink: (owner, listener) => `${owner} listener ${listener}`,
  listenerDetail: (listener, owner, where, route, rule) => `Listener ${listener} of ${owner} takes ${where} and admits ${route}. ${rule}`,
  byHand: 'Endpoints written by hand',
  byHandDetail: 'Without a selector Kubernetes creates no endpoints; Endpoints or EndpointSlice objects must list the backends.',
  itsResource: 'its resource',
  operatorPods: (name) => `Pods created by the operator of ${name}`,
  operatorDetail: (name) => `The operator of ${name} creates the Pods this selector matches; no manifest here shows them, so their ports are not checked.`,
  noPods: 'No matching Pods',
  noPodsDetail: 'The selector matches no pod template, so the Service has no endpoints and connections fail.',
  unresolvedTarget: ' (unresolved)',
  podDetail: (number, target) => `<pod IP>:${number} (${target}). Pod IPs come from the network plugin and change when Pods are recreated.`,
  nativeSidecar: ' (native sidecar)',
  containerDeclares: (container, sidecar, name, port) => `Container ${container}${sidecar ? ' (native sidecar)' : ''} declares ${name ? `port ${name} = ` : 'port '}${port}.`,
  aContainer: '<a container>',
  undeclared: (port) => `No container declares ${port}; traffic arrives if a process in the Pod listens on it.`,
  noPortNamed: (name) => `no port named ${name}`,
  noPortNamedDetail: (workload, protocol, name) => `No container of ${workload} has a ${protocol} port named ${name}, so this Pod receives nothing on this Service port.`,
  notIsolated: (workload, port) => `${workload} on ${port}: no policy isolates its Pods, anything may connect.`,
  isolatesNothing: (policy) => `${policy} (isolates, allows nothing here)`,
  ownPods: (peer) => `${peer} (its own Pods)`,
  andMore: (shown, more) => `${shown} and ${more} more`,
  isolatedBy: (workload, port, policies, allowed) => `${workload} on ${port}: isolated by ${policies}; ${allowed === undefined ? 'no rule lets anything in' : `allowed from ${allowed}`}.`,
  policyLocal: 'From outside, policies see the client\'s own address (externalTrafficPolicy Local).',
  policyCluster: 'From outside, policies see the address of the node that forwarded the connection, not the client\'s (externalTrafficPolicy Cluster SNATs it).',
  nobody: 'nobody may connect',
  list: (items) => items.join(', '),
  listSeparator: ', ',
  onlyEgressBlocks: 'its rules let some workloads in, but their own egress keeps them out (below)',
  blockedByEgress: (sources, policies) => `${sources} would be let in here, but ${policies} (egress of the client side) keeps them from sending to this port.`,
  side: (direction, who) => `${direction} of ${who}`,
  sideTierRule: (side, rule, action) => `${side}: ${rule} decides ${action}`,
  sideIsolatedNoRule: (side, policies, port) => `${side}: isolated by ${policies}, and no rule allows ${port}`,
  sideAllowedBy: (side, rules) => `${side}: allowed by ${rules}`,
  sideOpen: (side) => `${side}: no policy isolates it`,
  fromWorkload: (workload) => `a Pod of ${workload}`,
  egressLink: (policy) => `${policy} (client egress)`,
  sources: (count) => `${count} source${count === 1 ? '' : 's'} may connect`,
  replicasDaemon: '(one Pod per node)',
  replicasPod: '(1 Pod)',
  replicasJob: '(Pods while it runs)',
  ruleEverything: 'everything',
  header: (name, value) => `header ${name}: ${value}`,
  ruleWeight: (weight, total, percent) => `; this backend gets weight ${weight} of ${total} (${percent}%)`,
  ruleStream: (index, udp, weight) => `Rule ${index} sends every ${udp ? 'datagram' : 'connection'} here${weight}.`,
  ruleTls: (index, hosts, weight) => `Rule ${index} sends TLS connections for ${hosts} (by SNI) here${weight}.`,
  ruleHttp: (index, hosts, matches, weight) => `Rule ${index} sends requests for ${hosts}${matches.length > 0 ? ` matching ${matches.join(' or ')}` : ''} here${weight}.`,
  walkNoPod: '(no Pod)',
  walkNoPodNote: 'no Pod matches the selector: nothing to send to',
  walkContainer: 'the container listening on the target port receives it',
  walkCname: (target) => `the cluster DNS answers with a CNAME to ${target}`,
  walkOutsideHost: 'the client connects to the outside host itself; no cluster IP, no kube-proxy',
  walkDnsAnswer: (ips) => `the DNS answer lists the Pod IPs: ${ips}`,
  walkStraightToPod: 'the client connects straight to a Pod: no cluster IP, no DNAT',
  walkToClusterIP: 'sent to the cluster IP (what the DNS name resolves to); no interface has that address: the rules kube-proxy wrote on the client\'s own node catch the packet as it leaves',
  walkDnat: (node) => `kube-proxy on ${node} rewrites the destination (DNAT) to a Pod`,
  walkToLoadBalancer: 'sent to the load balancer\'s external address',
  walkLbToNode: 'the load balancer forwards to the node port of a node',
  walkToNode: 'sent to the node port of any node',
  walkLocalDrop: (node) => `externalTrafficPolicy Local: ${node} has no Pod of this Service, so it drops the packet`,
  walkLocalDropFinding: (node) => `${node} runs no Pod of this Service; with externalTrafficPolicy: Local only nodes with one answer`,
  walkLocalDnat: (node, client) => `kube-proxy on ${node} rewrites the destination (DNAT) to a Pod on the same node; the client address ${client} is kept (externalTrafficPolicy: Local)`,
  walkClusterDnat: (node, other) => `kube-proxy on ${node} rewrites the destination (DNAT) to a Pod${other ? ` on ${other}` : ''} and the source to its own address (SNAT, externalTrafficPolicy: Cluster)`,
  walkLbDirect: 'without node ports the load balancer reaches the Pods directly',
  walkToGateway: (route) => `the request reaches the Gateway's listener, and ${route} matches it`,
  walkPolicyOnlySome: (label, detail) => `the policies let in only some workloads (${label}), and an arbitrary Pod is not one of them: ${detail.replace(/\.$/, '')}`,
  walkToIngress: (ingress) => `the request reaches the ingress controller, which applies the rules of ${ingress}`,
  walkIngressToPod: (ingress) => `the ingress controller forwards the request for ${ingress} to a Pod of the Service (most controllers send to the endpoints' addresses)`,
  walkGatewayToPod: (gateway) => `${gateway}'s data plane forwards the request to a Pod of the Service (most implementations send to the endpoints' addresses, not to the cluster IP)`,
};

const chinese: RouteWords = {
  sentences: (parts) => parts.join(''),
  clusterIP: '<集群 IP>',
  inClusterClient: '集群内客户端',
  externalClient: '集群外客户端',
  clientLooksUp: '集群中的任意 Pod，通过 DNS 名称查找该 Service。',
  clientOutside: '位于集群之外的客户端。',
  clientUsesClusterIP: '集群内的 Pod 使用集群 IP 或 DNS 名称访问，而不经过节点端口。',
  clusterIPOnly: '集群中的任意 Pod；ClusterIP 类型的 Service 无法从集群外访问。',
  virtualIPRequested: (ips) => `虚拟 IP ${ips.join('、')}（在清单中指定）；没有任何网卡持有它。`,
  virtualIPAllocated: '虚拟 IP 在创建 Service 时从 service CIDR 中分配；没有任何网卡持有它。',
  dns: (name) => `DNS：${name}。`,
  alsoExternalIPs: (list) => `同时在外部 IP ${list} 上接收流量。`,
  sessionAffinity: (seconds) => `会话保持 ClientIP：同一客户端在 ${seconds} 秒内固定访问同一个 Pod。`,
  internalLocal: 'internalTrafficPolicy 为 Local：集群内客户端只能访问其所在节点上的 Pod。',
  onANode: (iptables, nftables) => `节点上的规则：iptables 链 ${iptables}，nftables 链 ${nftables}。`,
  kubeProxyDetail: (target, chains) => `节点上 kube-proxy 的规则（默认 iptables 模式；按配置也可能是 nftables 或 IPVS）把目的地址改写（DNAT）为某个就绪 Pod 的 IP 和端口 ${target}，在 selector 选中的 Pod 之间做负载均衡。${chains}`,
  moreRuleLines: (count, service) => `# … 另有 ${count} 行：k8s-route rules --service ${service} 可输出全部`,
  anyNodeIP: '<任意节点 IP>',
  allocated: (min, max) => `<从 ${min}-${max} 中分配>`,
  externalLocal: 'externalTrafficPolicy 为 Local：只有接收节点上的 Pod 收到流量，并保留客户端源 IP；没有此类 Pod 的节点会丢弃流量。',
  externalCluster: 'externalTrafficPolicy 为 Cluster：任意节点都可转发给任意 Pod（可能在其他节点上），客户端源 IP 会被替换为节点的地址。',
  nodePortOpen: (policy) => `每个节点上都开放该节点端口。${policy}`,
  externalIP: '<外部 IP>',
  requestedAddress: (ip) => `指定的地址 ${ip}（loadBalancerIP，已弃用）。`,
  cloudAssigns: '外部 IP 由云厂商分配（status.loadBalancer.ingress）。',
  implementedBy: (name) => `由 ${name} 实现。`,
  onlyFrom: (ranges) => `只放行来自 ${ranges} 的客户端。`,
  noNodePorts: '不分配节点端口：负载均衡器必须直接访问 Pod。',
  forwardsToNodePort: '负载均衡器转发到集群各节点的节点端口。',
  headless: (dnsName) => `Headless：没有集群 IP，也没有 kube-proxy 规则。集群 DNS 对 ${dnsName} 返回就绪 Pod 的 IP，由客户端自行连接其中之一。`,
  srv: (name) => `SRV：${name}。`,
  statefulSetNames: (workload, first) => `${workload} 的每个 Pod 还各有一个名称，如 ${first}，依此类推。`,
  cnameAnswer: '集群 DNS 返回一条 CNAME 记录；没有集群 IP，也没有代理。',
  externalConnect: (port) => `客户端自行连接该外部主机${port ? `的 ${port} 端口` : ''}；集群中没有任何组件转发这些流量，因此端口仅起说明作用。`,
  anyHost: '任意主机',
  defaultBackend: '默认后端',
  ingressRoutes: (where, target) => `Ingress 控制器把 ${where} 路由到 ${target}。`,
  ruleLink: (route, index) => `${route} 的第 ${index} 条规则`,
  noGateway: (route) => `${route}（没有 Gateway）`,
  meshEntry: (parent, route) => `网格：${parent} → ${route}`,
  meshEntryDetail: (parent, route, rule) => `${route} 以 ${parent} 为父对象（GAMMA）：在服务网格中，发往该 Service 的请求按此路由的规则转发，这一条规则把请求发到这里。${rule}`,
  meshParent: (route) => `网格路由 ${route}`,
  meshParentDetail: (route, rules) => `${route} 以此 Service 为父对象（GAMMA）：在服务网格中，发往它的请求按路由规则转发，不一定到达它自己的 Pod。${rules}`,
  meshRule: (index, matches, targets) => `规则 ${index}（${matches}）→ ${targets}。`,
  meshNoBackend: '没有后端（500）',
  noGatewayDetail: (route, rule) => `${route} 的 parentRefs 中没有 Gateway，因此没有 listener 向它发送流量。${rule}`,
  notAttached: (route, parent, reason, rule) => `${route} 未挂接到 ${parent}（${reason}），这条路径没有流量。${rule}`,
  listenerLink: (owner, listener) => `${owner} 的 listener ${listener}`,
  listenerDetail: (listener, owner, where, route, rule) => `${owner} 的 listener ${listener} 接收 ${where}，并接纳 ${route}。${rule}`,
  byHand: '手工编写的端点',
  byHandDetail: '没有 selector 时 Kubernetes 不会创建端点；必须由 Endpoints 或 EndpointSlice 对象列出后端。',
  itsResource: '其资源',
  operatorPods: (name) => `由 ${name} 的 operator 创建的 Pod`,
  operatorDetail: (name) => `${name} 的 operator 会创建该 selector 选中的 Pod；这里没有清单描述它们，因此无法检查其端口。`,
  noPods: '没有匹配的 Pod',
  noPodsDetail: 'selector 没有匹配任何 Pod 模板，因此 Service 没有端点，连接会失败。',
  unresolvedTarget: '（无法解析）',
  podDetail: (number, target) => `<Pod IP>:${number}（${target}）。Pod IP 由网络插件分配，Pod 重建后会变化。`,
  nativeSidecar: '（原生 sidecar）',
  containerDeclares: (container, sidecar, name, port) => `容器 ${container}${sidecar ? '（原生 sidecar）' : ' '}声明了${name ? `端口 ${name} = ` : '端口 '}${port}。`,
  aContainer: '<某个容器>',
  undeclared: (port) => `没有容器声明 ${port}；只要 Pod 中有进程监听该端口，流量就能到达。`,
  noPortNamed: (name) => `没有名为 ${name} 的端口`,
  noPortNamedDetail: (workload, protocol, name) => `${workload} 的容器中没有名为 ${name} 的 ${protocol} 端口，因此该 Pod 在这个 Service 端口上收不到任何流量。`,
  notIsolated: (workload, port) => `${workload} 的 ${port}：没有策略隔离其 Pod，任何来源都可以连接。`,
  isolatesNothing: (policy) => `${policy}（隔离，此处不放行任何流量）`,
  ownPods: (peer) => `${peer}（其自身的 Pod）`,
  andMore: (shown, more) => `${shown} 等，另有 ${more} 个`,
  isolatedBy: (workload, port, policies, allowed) => `${workload} 的 ${port}：被 ${policies} 隔离；${allowed === undefined ? '没有规则放行任何流量' : `允许来自 ${allowed} 的连接`}。`,
  policyLocal: '来自集群外的连接，策略看到的是客户端自己的地址（externalTrafficPolicy 为 Local）。',
  policyCluster: '来自集群外的连接，策略看到的是转发该连接的节点地址，而不是客户端地址（externalTrafficPolicy 为 Cluster 时会做 SNAT）。',
  nobody: '不允许任何来源连接',
  list: (items) => items.join('、'),
  listSeparator: '、',
  onlyEgressBlocks: '其规则放行了部分工作负载，但这些工作负载自身的出站策略阻止了它们（见下）',
  blockedByEgress: (sources, policies) => `${sources} 在此处会被放行，但 ${policies}（客户端一侧的出站策略）不允许它们向此端口发送。`,
  side: (direction, who) => `${who} 的${direction === 'egress' ? '出站' : '入站'}（${direction}）`,
  sideTierRule: (side, rule, action) => `${side}：由 ${rule} 决定 ${action}`,
  sideIsolatedNoRule: (side, policies, port) => `${side}：被 ${policies} 隔离，且没有规则放行 ${port}`,
  sideAllowedBy: (side, rules) => `${side}：由 ${rules} 放行`,
  sideOpen: (side) => `${side}：没有策略隔离它`,
  fromWorkload: (workload) => `${workload} 的一个 Pod`,
  egressLink: (policy) => `${policy}（客户端出站）`,
  sources: (count) => `允许 ${count} 个来源连接`,
  replicasDaemon: '（每个节点一个 Pod）',
  replicasPod: '（1 个 Pod）',
  replicasJob: '（运行期间的 Pod）',
  ruleEverything: '全部请求',
  header: (name, value) => `请求头 ${name}：${value}`,
  ruleWeight: (weight, total, percent) => `；该后端的权重为 ${weight}/${total}（${percent}%）`,
  ruleStream: (index, udp, weight) => `第 ${index} 条规则把所有${udp ? '数据报' : '连接'}发往这里${weight}。`,
  ruleTls: (index, hosts, weight) => `第 ${index} 条规则把 ${hosts} 的 TLS 连接（按 SNI）发往这里${weight}。`,
  ruleHttp: (index, hosts, matches, weight) => `第 ${index} 条规则把 ${hosts}${matches.length > 0 ? ` 上匹配 ${matches.join(' 或 ')}` : ''} 的请求发往这里${weight}。`,
  walkNoPod: '（没有 Pod）',
  walkNoPodNote: '没有 Pod 匹配 selector：无处可发',
  walkContainer: '在目标端口上监听的容器收到报文',
  walkCname: (target) => `集群 DNS 返回指向 ${target} 的 CNAME`,
  walkOutsideHost: '客户端自行连接外部主机；没有集群 IP，也不经过 kube-proxy',
  walkDnsAnswer: (ips) => `DNS 应答列出 Pod 的 IP：${ips}`,
  walkStraightToPod: '客户端直接连接某个 Pod：没有集群 IP，也没有 DNAT',
  walkToClusterIP: '发往集群 IP（DNS 名称解析到的地址）；没有网卡持有这个地址：客户端所在节点上 kube-proxy 写下的规则在数据包离开时截住它',
  walkDnat: (node) => `${node} 上的 kube-proxy 把目的地址改写（DNAT）为某个 Pod`,
  walkToLoadBalancer: '发往负载均衡器的外部地址',
  walkLbToNode: '负载均衡器转发到某个节点的节点端口',
  walkToNode: '发往某个节点的地址和节点端口',
  walkLocalDrop: (node) => `externalTrafficPolicy 为 Local：${node} 上没有该 Service 的 Pod，因此丢弃报文`,
  walkLocalDropFinding: (node) => `${node} 上没有该 Service 的 Pod；externalTrafficPolicy 为 Local 时只有运行着这种 Pod 的节点才会应答`,
  walkLocalDnat: (node, client) => `${node} 上的 kube-proxy 把目的地址改写（DNAT）为同一节点上的 Pod；保留客户端地址 ${client}（externalTrafficPolicy 为 Local）`,
  walkClusterDnat: (node, other) => `${node} 上的 kube-proxy 把目的地址改写（DNAT）为${other ? ` ${other} 上的` : '某个'} Pod，并把源地址改为自身地址（SNAT，externalTrafficPolicy 为 Cluster）`,
  walkLbDirect: '没有节点端口时，负载均衡器直接访问 Pod',
  walkToGateway: (route) => `请求到达 Gateway 的 listener，由 ${route} 匹配`,
  walkPolicyOnlySome: (label, detail) => `策略只放行部分工作负载（${label}），任意一个 Pod 不在其中：${detail.replace(/。$/, '')}`,
  walkToIngress: (ingress) => `请求到达 Ingress 控制器，由它执行 ${ingress} 的规则`,
  walkIngressToPod: (ingress) => `Ingress 控制器把 ${ingress} 的请求转发给该 Service 的一个 Pod（多数控制器直接发往端点地址）`,
  walkGatewayToPod: (gateway) => `${gateway} 的数据面把请求转发给该 Service 的一个 Pod（多数实现直接发往端点地址，而不经过 cluster IP）`,
};

export function routeWords(locale: Locale): RouteWords {
  return locale === 'zh-cn' ? chinese : english;
}
