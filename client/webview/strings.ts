/**
 * The route view's own words (toolbar, picture captions, packet walk, legend) in English and
 * Simplified Chinese. `t("English text with {0}", value)` returns the text in the view's language;
 * the route's sentences themselves come translated from the server. A test checks that every
 * string passed to `t` has a translation and that no caption is set without it.
 */

export type ViewLocale = 'en' | 'zh-cn';

let current: ViewLocale = 'en';

export function setViewLocale(locale: unknown): void {
  current = locale === 'zh-cn' ? 'zh-cn' : 'en';
}

export function viewLocale(): ViewLocale {
  return current;
}

/** The text in the view's language, `{0}`, `{1}`, … replaced by the arguments. */
export function t(text: string, ...args: ReadonlyArray<string | number>): string {
  const template = current === 'zh-cn' ? (chinese[text] ?? text) : text;
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => (args[Number(index)] !== undefined ? String(args[Number(index)]) : whole));
}

/** Whether a character draws about as wide as two Latin ones (Chinese, Japanese, Korean, full-width forms). */
export function isWide(char: string): boolean {
  return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(char);
}

/** Simplified Chinese, by the English text; full-width punctuation around Chinese words. */
export const chinese: Readonly<Record<string, string>> = {
  // Page and toolbar.
  'Service route': 'Service 流量路径',
  'Follow cursor': '跟随光标',
  'Rendered by': '渲染单元',
  'Save the drawing as SVG': '将图保存为 SVG',
  'Save the drawing as PNG': '将图保存为 PNG',
  'Copy the route as a Mermaid flowchart': '将路径复制为 Mermaid 流程图',
  Ports: '端口',
  Details: '详情',
  'More actions': '更多操作',
  'health check: nodes with a local Pod': '健康检查：只选有本地 Pod 的节点',
  'Pod of {0}': '{0} 的 Pod',
  'policy gate': '策略关口',
  'ingress class {0}': 'Ingress 类 {0}',
  'default ingress class': '默认 Ingress 类',
  'caught by kube-proxy rules': '由 kube-proxy 规则截获',
  '{0}: another Pod this step may pick, {1} of new connections': '{0}：这一步也可能选中的另一个 Pod，承担 {1} 的新连接',
  'From a Pod of {0}': '从 {0} 的一个 Pod 出发',
  '{0} steps from a Pod of {1}: press Play or Step to follow a packet.': '从 {1} 的一个 Pod 出发共 {0} 步：按“播放”或“单步”跟随一个报文。',
  ' Each new connection picks one of {0} endpoints; this one takes {1}.': '每个新连接从 {0} 个端点中选一个；这个端点承担 {1}。',
  View: '视图',
  Picture: '图示',
  Steps: '步骤',
  'Packet walk': '报文走向',
  'Which client': '哪个客户端',
  Play: '播放',
  Pause: '暂停',
  Step: '单步',
  Reset: '重置',
  Zoom: '缩放',
  'Zoom out': '缩小',
  'Zoom in': '放大',
  Fit: '适应',
  // Legend.
  'The Service\'s port on its cluster IP and DNS name: where clients inside the cluster connect.': 'Service 在其集群 IP 和 DNS 名称上的端口：集群内客户端连接的地方。',
  'The port on each Pod that traffic is delivered to; a number or a container port name.': '流量送达每个 Pod 的端口；可以是数字，也可以是容器端口的名称。',
  'A port opened on every node\'s IP for clients outside the cluster (NodePort, LoadBalancer).': '在每个节点 IP 上为集群外客户端开放的端口（NodePort、LoadBalancer）。',
  'node IP': '节点 IP',
  'The address of a node; useful to outside clients only through a node port.': '节点的地址；集群外客户端只能通过节点端口使用它。',
  'cluster IP': '集群 IP',
  'The Service\'s virtual IP; no interface has it, kube-proxy rewrites packets sent to it.': 'Service 的虚拟 IP；没有网卡持有它，发往它的报文由 kube-proxy 改写。',
  'pod IP': 'Pod IP',
  'The real address of a Pod, from the network plugin; it changes when the Pod is recreated.': 'Pod 的真实地址，由网络插件分配；Pod 重建后会变化。',
  'example values': '示例值',
  'Values in italics are examples: the manifests leave them to the cluster (an allocated node port or cluster IP, Pod and node addresses, the client). The real ones differ; the path does not.': '斜体的值是示例：清单把它们留给集群决定（分配的节点端口或集群 IP、Pod 和节点的地址、客户端）。真实的值会不同，路径不变。',
  'arrow labels': '箭头标注',
  'The packet\'s destination at that step: kube-proxy rewrites it (DNAT) from the cluster IP or node port to a Pod.': '该步骤中报文的目的地址：kube-proxy 把它从集群 IP 或节点端口改写（DNAT）为某个 Pod。',
  // Details and the rules panel.
  'Hover over a step, or focus it with Tab, to read what happens there; click or press Enter to open its manifest.': '把鼠标移到某一步上（或用 Tab 键聚焦）查看那里发生了什么；单击或按 Enter 打开其清单。',
  'as iptables-save prints them': '按 iptables-save 的输出格式',
  'as nft lines of table kube-proxy': '按 kube-proxy 表的 nft 命令格式',
  'as ipvsadm -Ln and ipset save print them': '按 ipvsadm -Ln 和 ipset save 的输出格式',
  'Rules on {0}, {1}': '{0} 上的规则，{1}',
  'kube-proxy mode': 'kube-proxy 模式',
  Copy: '复制',
  'Copy {0}': '复制 {0}',
  'Example values, not fixed by the manifests: {0}.': '示例值，清单中并未固定：{0}。',
  'No Service selected': '未选择 Service',
  'Put the cursor in a Service and run "K8s Route: Show Service route", or turn on "Follow cursor".': '把光标放在某个 Service 中并运行“K8s Route: 显示 Service 流量路径”，或打开“跟随光标”。',
  headless: 'headless',
  // Packet walk.
  'From outside the cluster': '从集群外',
  'Copy all rules': '复制全部规则',
  'no local Pod: fails the health check': '本节点无 Pod：健康检查失败',
  'no local Pod: drops external traffic': '本节点无 Pod：丢弃外部流量',
  '+{0} more Pods': '另有 {0} 个 Pod',
  'node {0} · {1} (example)': '节点 {0} · {1}（示例）',
  'node {0} · {1}': '节点 {0} · {1}',
  'From outside through {0}': '从集群外经由 {0}',
  'listener {0}': 'listener {0}',
  'From a Pod in the cluster': '从集群内的 Pod',
  '{0} steps from a client outside the cluster: press Play or Step to follow a packet.': '从集群外客户端出发共 {0} 步：按“播放”或“单步”跟随一个报文。',
  '{0} steps from a Pod in the cluster: press Play or Step to follow a packet.': '从集群内 Pod 出发共 {0} 步：按“播放”或“单步”跟随一个报文。',
  'Step {0}/{1}: source {2} → destination {3}. {4}.': '第 {0}/{1} 步：源 {2} → 目的 {3}。{4}。',
  ' Stops here: {0}.': '在此中断：{0}。',
  ' Stops here.': '在此中断。',
  ' Delivered.': '已送达。',
  // The picture.
  'Cluster picture of Service {0}, port {1}': 'Service {0} 端口 {1} 的集群图示',
  'Outside the cluster': '集群外',
  'The cluster': '集群',
  Outside: '集群外',
  '{0}: show the list': '{0}：显示列表',
  'Not drawn: {0}': '未画出：{0}',
  client: '客户端',
  'load balancer': '负载均衡器',
  'from {0}': '来源 {0}',
  'client Pod': '客户端 Pod',
  'cluster IP (virtual)': '集群 IP（虚拟）',
  'cluster DNS': '集群 DNS',
  '… {0} more': '… 另有 {0} 条',
  'no Pod matches the selector': '没有 Pod 匹配 selector',
  '+{0} more workload, {1} Pods': '另有 {0} 个工作负载，{1} 个 Pod',
  '+{0} more workloads, {1} Pods': '另有 {0} 个工作负载，{1} 个 Pod',
  'outside host': '外部主机',
  // The steps view.
  'Route of Service {0}': 'Service {0} 的流量路径',
  ingress: 'Ingress',
  'Gateway → route': 'Gateway → 路由',
  'node IP : nodePort': '节点 IP : nodePort',
  'cluster IP : port': '集群 IP : port',
  'pod IP : targetPort': 'Pod IP : targetPort',
  'container : containerPort': '容器 : containerPort',
  'external host': '外部主机',
  'port {0}': '端口 {0}',
};
