/**
 * What each Service and container-port field means, in English and Simplified Chinese, written
 * from the facts in ../shared/spec/concepts.md. Hover uses these; they hold no computed values.
 */

export type Locale = 'en' | 'zh-cn';

export interface Explanation {
  readonly title: string;
  readonly text: string;
}

type Entry = Readonly<Record<Locale, Explanation>>;

/** An explanation in both languages, as the hovers of policies and Gateway API objects keep them. */
export type ExplanationEntry = Entry;

/** A hover's text: the explanation's title and text, then the computed facts as a list. */
export function explainedMarkdown(entry: Entry, locale: Locale, facts: readonly string[]): string {
  return hoverMarkdown(entry[locale], facts, locale);
}

/** A hover: the explanation's title and text, then the facts computed here, each in the language's punctuation. */
export function hoverMarkdown(explanation: Explanation, facts: readonly string[], locale: Locale): string {
  return [`**${explanation.title}**`, '', explanation.text, ...(facts.length > 0 ? ['', ...facts.map((fact) => `- ${localPunctuation(fact, locale)}`)] : [])].join('\n');
}


/**
 * A fact line in the punctuation of its language. Facts are assembled from labels and values
 * (`label: value, value (note)`); in Chinese the colon, commas and brackets around the words are
 * full width. Code spans and link targets keep what they say.
 */
export function localPunctuation(text: string, locale: Locale): string {
  if (locale !== 'zh-cn') return text;
  // Split into code spans and link targets (kept) and prose (converted).
  return text
    .split(/(`[^`]*`|\]\([^)]*\))/)
    .map((part, position) => {
      if (position % 2 === 1) return part;
      // Brackets inside brackets (a selector's `in (a,b)`): innermost first, until none is left.
      let text = part;
      for (let previous = ''; previous !== text; ) {
        previous = text;
        text = text.replace(/ ?\(([^()]*)\)/g, (_whole, inner: string) => `（${inner}）`);
      }
      return text
        .replace(/: /g, '：')
        .replace(/, /g, '、')
        .replace(/; /g, '；');
    })
    .join('');
}

/** How kube-proxy carries a Service, told on `type` and `clusterIP`. */
const proxyModesEn = ' kube-proxy implements it on every node in one of its modes: `iptables` (the default on Linux: a `KUBE-SVC-…` chain per Service port picks a Pod at random and DNATs to it), `nftables` (GA in 1.33: one `kube-proxy` table whose maps send each Service port to its chain) or `IPVS` (the kernel\'s load balancer with one virtual server per address; deprecated since 1.35). The older `userspace` mode, where kube-proxy itself listened on a local port for each Service and copied the bytes to a Pod, was removed in Kubernetes 1.26. `k8s-route rules` shows the rules of each mode.';
const proxyModesZh = ' 每个节点上的 kube-proxy 以某种模式实现它：`iptables`（Linux 上的默认模式：每个 Service 端口一条 `KUBE-SVC-…` 链，随机选一个 Pod 并做 DNAT）、`nftables`（1.33 起 GA：一张 `kube-proxy` 表，用映射把每个 Service 端口送到对应的链）或 `IPVS`（内核负载均衡器，每个地址一个虚拟服务器；自 1.35 起弃用）。早期的 `userspace` 模式由 kube-proxy 本身为每个 Service 在本地监听一个端口并转发字节，已在 Kubernetes 1.26 中移除。`k8s-route rules` 可显示各模式下的规则。';

/** Field patterns as `pathMatches` writes them: list indexes are `[*]`; `@` stands for the pod spec prefix. */
const serviceFields: Readonly<Record<string, Entry>> = {
  kind: {
    en: { title: 'Service', text: 'A stable name and virtual address in front of a changing set of Pods. Pods come and go and change IPs; clients talk to the Service, and traffic is spread over the Pods its selector matches.' },
    'zh-cn': { title: 'Service（服务）', text: '为一组不断变化的 Pod 提供稳定的名称和虚拟地址。Pod 会被重建、IP 会变化；客户端访问 Service，流量被分发到其 selector 选中的 Pod 上。' },
  },
  'spec.type': {
    en: { title: 'type', text: 'How the Service is reached. `ClusterIP` (default): a virtual IP inside the cluster only. `NodePort`: also a port opened on every node. `LoadBalancer`: also an external load balancer from the cloud provider, in front of the node ports. `ExternalName`: only a DNS CNAME to an outside host.' + proxyModesEn },
    'zh-cn': { title: 'type（类型）', text: '决定如何访问该 Service。`ClusterIP`（默认）：仅集群内可达的虚拟 IP。`NodePort`：另外在每个节点上开放一个端口。`LoadBalancer`：另外由云厂商创建外部负载均衡器，转发到节点端口。`ExternalName`：只是指向集群外主机的 DNS CNAME。' + proxyModesZh },
  },
  'spec.clusterIP': {
    en: { title: 'clusterIP', text: 'The virtual IP of the Service, allocated from the service CIDR when omitted. No network interface carries it: kube-proxy rules rewrite packets sent to it. `None` makes the Service headless: no virtual IP, and DNS answers with the Pod IPs directly.' + proxyModesEn },
    'zh-cn': { title: 'clusterIP（集群 IP）', text: 'Service 的虚拟 IP，省略时从 service CIDR 中分配。没有任何网卡持有这个地址：发往它的报文由 kube-proxy 规则改写。设为 `None` 即为 headless Service：没有虚拟 IP，DNS 直接返回 Pod 的 IP。' + proxyModesZh },
  },
  'spec.clusterIPs': {
    en: { title: 'clusterIPs', text: 'The cluster IPs of the Service, at most one per IP family (dual-stack). The first must equal `clusterIP`.' },
    'zh-cn': { title: 'clusterIPs', text: 'Service 的集群 IP 列表，每个 IP 协议族最多一个（双栈）。第一个必须与 `clusterIP` 相同。' },
  },
  'spec.ports': {
    en: { title: 'ports', text: 'The ports the Service exposes. Each entry ties three ports together: `port` on the cluster IP, `targetPort` on the Pods, and for NodePort and LoadBalancer Services a `nodePort` on every node. With more than one entry, each needs a name.' },
    'zh-cn': { title: 'ports（端口）', text: 'Service 暴露的端口。每一项把三个端口联系在一起：集群 IP 上的 `port`、Pod 上的 `targetPort`，以及 NodePort/LoadBalancer 类型在每个节点上的 `nodePort`。多于一项时每项都必须有 name。' },
  },
  'spec.ports[*].port': {
    en: { title: 'port', text: 'The port the Service listens on at its cluster IP and DNS name: the entry point for clients inside the cluster.' },
    'zh-cn': { title: 'port（服务端口）', text: 'Service 在集群 IP 和 DNS 名称上监听的端口：集群内客户端的入口。' },
  },
  'spec.ports[*].targetPort': {
    en: { title: 'targetPort', text: 'Where traffic is finally delivered on each selected Pod. A number, or the name of a container port, looked up in every Pod separately (so Pods may use different numbers). Omitted or 0 means the same as `port`. A quoted number is a name, and invalid.' },
    'zh-cn': { title: 'targetPort（目标端口）', text: '流量最终送达每个被选中 Pod 的端口。可以是数字，也可以是容器端口的名称，在每个 Pod 中分别解析（因此不同 Pod 可以用不同的端口号）。省略或为 0 时等于 `port`。加了引号的数字会被当作名称，因而无效。' },
  },
  'spec.ports[*].nodePort': {
    en: { title: 'nodePort', text: 'The port opened on every node\'s IP for clients outside the cluster (NodePort and LoadBalancer only). Taken from the node port range when omitted; unique across the whole cluster.' },
    'zh-cn': { title: 'nodePort（节点端口）', text: '在每个节点 IP 上开放、供集群外客户端访问的端口（仅 NodePort 和 LoadBalancer）。省略时从节点端口范围中分配；在整个集群内唯一。' },
  },
  'spec.ports[*].protocol': {
    en: { title: 'protocol', text: '`TCP` (default), `UDP` or `SCTP`. The container must listen with the same protocol for traffic to arrive.' },
    'zh-cn': { title: 'protocol（协议）', text: '`TCP`（默认）、`UDP` 或 `SCTP`。容器必须以相同协议监听，流量才能到达。' },
  },
  'spec.ports[*].appProtocol': {
    en: { title: 'appProtocol', text: 'A hint about the application protocol (such as `http`, `kubernetes.io/h2c`) for load balancers and meshes; it does not change how kube-proxy forwards.' },
    'zh-cn': { title: 'appProtocol（应用协议）', text: '对应用层协议的提示（如 `http`、`kubernetes.io/h2c`），供负载均衡器和服务网格使用；不影响 kube-proxy 的转发。' },
  },
  'spec.ports[*].name': {
    en: { title: 'port name', text: 'Names this Service port (lowercase letters, digits, `-`). Required when there is more than one; used in SRV records and by Ingress backends.' },
    'zh-cn': { title: '端口名称', text: '为该 Service 端口命名（小写字母、数字、`-`）。多于一个端口时必填；用于 SRV 记录和 Ingress 后端。' },
  },
  'spec.selector': {
    en: { title: 'selector', text: 'Chooses the Pods that receive the traffic: every Pod whose labels include all these pairs. Pods get their labels from the pod template of their workload, not from the workload\'s own metadata. Without a selector, no endpoints are created automatically.' },
    'zh-cn': { title: 'selector（选择器）', text: '选择接收流量的 Pod：标签包含全部这些键值对的 Pod。Pod 的标签来自其工作负载的 Pod 模板，而不是工作负载自身的 metadata。没有 selector 时不会自动创建端点。' },
  },
  'spec.externalName': {
    en: { title: 'externalName', text: 'For type ExternalName: cluster DNS answers the Service name with a CNAME to this host. Nothing in the cluster proxies the traffic.' },
    'zh-cn': { title: 'externalName（外部名称）', text: 'ExternalName 类型专用：集群 DNS 对 Service 名称返回指向该主机的 CNAME。集群内没有任何组件代理这些流量。' },
  },
  'spec.externalTrafficPolicy': {
    en: { title: 'externalTrafficPolicy', text: '`Cluster` (default): a node forwards outside traffic to any ready Pod, possibly on another node, hiding the client\'s IP. `Local`: only Pods on the receiving node are used and the client IP is kept; nodes without such a Pod drop the traffic.' },
    'zh-cn': { title: 'externalTrafficPolicy（外部流量策略）', text: '`Cluster`（默认）：节点把外部流量转发给任意就绪 Pod（可能在别的节点），客户端源 IP 会被替换。`Local`：只使用接收节点上的 Pod 并保留客户端 IP；没有此类 Pod 的节点会丢弃流量。' },
  },
  'spec.internalTrafficPolicy': {
    en: { title: 'internalTrafficPolicy', text: '`Cluster` (default): in-cluster clients may reach any Pod. `Local`: only Pods on the client\'s own node; if there is none, the connection fails.' },
    'zh-cn': { title: 'internalTrafficPolicy（内部流量策略）', text: '`Cluster`（默认）：集群内客户端可访问任意 Pod。`Local`：只访问客户端所在节点上的 Pod；若没有，则连接失败。' },
  },
  'spec.sessionAffinity': {
    en: { title: 'sessionAffinity', text: '`None` (default) spreads each connection independently. `ClientIP` keeps a client on the same Pod for `sessionAffinityConfig.clientIP.timeoutSeconds` (default 10800 s).' },
    'zh-cn': { title: 'sessionAffinity（会话保持）', text: '`None`（默认）：每个连接独立分发。`ClientIP`：同一客户端在 `sessionAffinityConfig.clientIP.timeoutSeconds`（默认 10800 秒）内固定到同一个 Pod。' },
  },
  'spec.externalIPs': {
    en: { title: 'externalIPs', text: 'Extra addresses, routed to the nodes by your network, on which kube-proxy also accepts the Service\'s ports. Kubernetes does not manage these IPs.' },
    'zh-cn': { title: 'externalIPs（外部 IP）', text: '由你的网络路由到节点的额外地址，kube-proxy 在这些地址上同样接收 Service 端口的流量。Kubernetes 不管理这些 IP。' },
  },
  'spec.loadBalancerIP': {
    en: { title: 'loadBalancerIP', text: 'Asks the cloud provider for a specific external address (deprecated; providers offer annotations instead). Ignored by providers that do not support it.' },
    'zh-cn': { title: 'loadBalancerIP', text: '向云厂商请求特定的外部地址（已弃用，厂商改用注解）。不支持的厂商会忽略它。' },
  },
  'spec.loadBalancerClass': {
    en: { title: 'loadBalancerClass', text: 'Which load balancer implementation should handle this Service; unset means the cloud provider\'s default.' },
    'zh-cn': { title: 'loadBalancerClass', text: '指定由哪种负载均衡实现处理此 Service；不设置则使用云厂商的默认实现。' },
  },
  'spec.loadBalancerSourceRanges': {
    en: { title: 'loadBalancerSourceRanges', text: 'CIDRs allowed to reach the load balancer; everyone else is blocked (where the provider supports it).' },
    'zh-cn': { title: 'loadBalancerSourceRanges', text: '允许访问负载均衡器的 CIDR；其他来源被拦截（取决于云厂商支持）。' },
  },
  'spec.allocateLoadBalancerNodePorts': {
    en: { title: 'allocateLoadBalancerNodePorts', text: '`false` skips node ports for a LoadBalancer whose implementation sends traffic to Pods directly.' },
    'zh-cn': { title: 'allocateLoadBalancerNodePorts', text: '设为 `false` 时不为 LoadBalancer 分配节点端口，适用于直接把流量发往 Pod 的实现。' },
  },
  'spec.healthCheckNodePort': {
    en: { title: 'healthCheckNodePort', text: 'For LoadBalancer with externalTrafficPolicy Local: the node port the load balancer probes to learn which nodes have ready Pods.' },
    'zh-cn': { title: 'healthCheckNodePort', text: '用于 externalTrafficPolicy 为 Local 的 LoadBalancer：负载均衡器探测此节点端口，以判断哪些节点上有就绪 Pod。' },
  },
  'spec.ipFamilies': {
    en: { title: 'ipFamilies', text: 'The IP families (`IPv4`, `IPv6`) of the cluster IPs, in order; the cluster must be configured for them.' },
    'zh-cn': { title: 'ipFamilies（IP 协议族）', text: '集群 IP 的协议族（`IPv4`、`IPv6`），按顺序；集群必须已配置这些协议族。' },
  },
  'spec.ipFamilyPolicy': {
    en: { title: 'ipFamilyPolicy', text: '`SingleStack` (default): one IP. `PreferDualStack`: two on dual-stack clusters, one elsewhere. `RequireDualStack`: two, or the Service is refused.' },
    'zh-cn': { title: 'ipFamilyPolicy（协议族策略）', text: '`SingleStack`（默认）：一个 IP。`PreferDualStack`：双栈集群上两个，否则一个。`RequireDualStack`：必须两个，否则拒绝创建。' },
  },
  'spec.publishNotReadyAddresses': {
    en: { title: 'publishNotReadyAddresses', text: '`true` publishes Pods in DNS and endpoints before they are ready, as StatefulSet peers often need to find each other.' },
    'zh-cn': { title: 'publishNotReadyAddresses', text: '设为 `true` 时，Pod 就绪之前就发布到 DNS 和端点中，StatefulSet 成员互相发现时常需要。' },
  },
  'spec.trafficDistribution': {
    en: { title: 'trafficDistribution', text: 'A preference for nearby endpoints (`PreferSameZone`, `PreferSameNode`, or `PreferClose`) when kube-proxy picks a Pod.' },
    'zh-cn': { title: 'trafficDistribution（流量分布）', text: 'kube-proxy 选择 Pod 时优先选择就近端点（`PreferSameZone`、`PreferSameNode` 或 `PreferClose`）。' },
  },
};

/** Container port fields; the pattern is relative to the pod spec (`containers[*].ports[*]...`). */
const containerFields: Readonly<Record<string, Entry>> = {
  containerPort: {
    en: { title: 'containerPort', text: 'The port a process in this container listens on, at the Pod\'s IP (shared by every container of the Pod). Declaring it is documentation: traffic arrives if the process listens, declared or not.' },
    'zh-cn': { title: 'containerPort（容器端口）', text: '容器内进程在 Pod IP 上监听的端口（Pod 内所有容器共享同一 IP）。声明它只起说明作用：只要进程在监听，无论是否声明，流量都能到达。' },
  },
  name: {
    en: { title: 'container port name', text: 'Lets a Service refer to this port by name in `targetPort`, so the number can change without touching the Service. At most 15 lowercase letters, digits and `-`.' },
    'zh-cn': { title: '容器端口名称', text: '让 Service 在 `targetPort` 中按名称引用此端口，端口号变化时无需修改 Service。最多 15 个小写字母、数字和 `-`。' },
  },
  protocol: {
    en: { title: 'protocol', text: '`TCP` (default), `UDP` or `SCTP`; must match the Service port\'s protocol.' },
    'zh-cn': { title: 'protocol（协议）', text: '`TCP`（默认）、`UDP` 或 `SCTP`；必须与 Service 端口的协议一致。' },
  },
  hostPort: {
    en: { title: 'hostPort', text: 'Also exposes the port on the node running the Pod, at that node\'s IP. Rarely needed; it limits scheduling to nodes where the port is free.' },
    'zh-cn': { title: 'hostPort（主机端口）', text: '同时在运行该 Pod 的节点 IP 上暴露此端口。很少需要；它会限制调度到端口空闲的节点。' },
  },
};

/** Labels of pod templates, which selectors match. */
const templateLabels: Entry = {
  en: { title: 'pod template labels', text: 'Every Pod created from this template carries these labels; Service selectors and the workload\'s own selector match against them.' },
  'zh-cn': { title: 'Pod 模板标签', text: '由此模板创建的每个 Pod 都带有这些标签；Service 的 selector 和工作负载自身的 selector 都据此匹配。' },
};

export function explainServiceField(pattern: string, locale: Locale): Explanation | undefined {
  return serviceFields[pattern]?.[locale];
}

export function explainContainerField(field: string, locale: Locale): Explanation | undefined {
  return containerFields[field]?.[locale];
}

export function explainTemplateLabels(locale: Locale): Explanation {
  return templateLabels[locale];
}

/** The short labels of computed facts. */
export const factLabels: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  en: {
    inCluster: 'In the cluster',
    fromOutside: 'From outside',
    resolvesTo: 'Resolves to',
    selects: 'Selects',
    selectsNothing: 'Matches no pod template in namespace',
    usedBy: 'Used by',
    route: 'Route',
    allocated: 'allocated from',
    explicitIn: 'set explicitly, within the range',
    explicitOutside: 'set explicitly, outside the range',
    notDeclared: 'not declared',
    unresolved: 'no such port',
    replicas: 'replicas',
    perNode: 'one per node',
    selectedBy: 'Selected by',
    nothingSelects: 'No Service in the workspace selects these Pods',
    onNode: 'On a node',
    srv: 'SRV record',
    nodeIP: '<node IP>',
  },
  'zh-cn': {
    inCluster: '集群内访问',
    fromOutside: '集群外访问',
    resolvesTo: '解析为',
    selects: '选中',
    selectsNothing: '在命名空间中没有匹配的 Pod 模板：',
    usedBy: '被以下 Service 使用',
    route: '流量路径',
    allocated: '分配自',
    explicitIn: '显式指定，在范围内',
    explicitOutside: '显式指定，超出范围',
    notDeclared: '未声明',
    unresolved: '不存在该端口',
    replicas: '个副本',
    perNode: '每个节点一个',
    selectedBy: '被以下 Service 选中',
    nothingSelects: '工作区中没有 Service 选中这些 Pod',
    onNode: '节点上的规则',
    srv: 'SRV 记录',
    nodeIP: '<节点 IP>',
  },
};
