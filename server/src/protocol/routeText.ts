/**
 * Draws a RouteModel in the terminal: a heading for the Service, then one lane per port with its
 * hops in order, numbered, with broken hops and warnings marked and their findings beneath.
 */
import type { RouteHop, RouteLane, RouteModel } from './route';

const kindNames: Record<RouteHop['kind'], string> = {
  client: 'client',
  ingress: 'ingress',
  gateway: 'gateway',
  loadBalancer: 'load balancer',
  node: 'node port',
  kubeProxy: 'kube-proxy',
  service: 'service',
  dns: 'cluster DNS',
  policy: 'policy',
  pod: 'pods',
  container: 'container',
  external: 'external host',
};

export function formatRoute(model: RouteModel, colour: boolean): string {
  const paint = (code: string, text: string): string => (colour ? `${code}${text}\u001b[0m` : text);
  const type = model.service.headless ? 'headless ClusterIP' : model.service.type;
  const position = `${model.service.file}:${model.service.range.start.line + 1}:${model.service.range.start.character + 1}`;
  const lines = [`${paint('\u001b[1m', `Service ${model.service.namespace}/${model.service.name}`)} (${type})  ${paint('\u001b[2m', position)}`];
  for (const lane of model.lanes) {
    lines.push('', paint('\u001b[1m', laneTitle(lane)));
    lane.hops.forEach((hop, index) => {
      const marker = hop.status === 'broken' ? paint('\u001b[31m', '✗') : hop.status === 'warning' ? paint('\u001b[33m', '!') : paint('\u001b[32m', '→');
      const entry = hop.joins ? '  (joins here)' : '';
      lines.push(`  ${String(index + 1).padStart(2)} ${marker} ${kindNames[hop.kind].padEnd(13)} ${hop.label}${entry}`);
      lines.push(`       ${' '.repeat(13)} ${paint('\u001b[2m', hop.detail)}`);
      for (const finding of hop.findings) {
        const tint = finding.severity === 'error' ? '\u001b[31m' : finding.severity === 'warning' ? '\u001b[33m' : '\u001b[36m';
        lines.push(`       ${' '.repeat(13)} ${paint(tint, `${finding.severity} ${finding.code}`)}: ${finding.message}`);
      }
      for (const record of hop.records ?? []) lines.push(`       ${' '.repeat(13)} ${paint('\u001b[2m', record)}`);
      if (hop.proxyRules) lines.push(`       ${' '.repeat(13)} ${paint('\u001b[2m', `the node's rules: k8s-route rules --service ${model.service.namespace}/${model.service.name} [--mode nftables|ipvs]`)}`);
      for (const link of hop.links ?? []) lines.push(`       ${' '.repeat(13)} ${paint('\u001b[2m', `see ${link.label}  ${link.file}:${link.range.start.line + 1}:${link.range.start.character + 1}`)}`);
    });
  }
  const broken = model.lanes.filter((lane) => lane.hops.some((hop) => hop.status === 'broken' && hop.joins !== true)).length;
  lines.push('', broken > 0 ? paint('\u001b[31m', `${broken} of ${model.lanes.length} port${model.lanes.length === 1 ? '' : 's'} cannot deliver traffic`) : model.lanes.length === 1 ? 'the port reaches its containers' : `all ${model.lanes.length} ports reach their containers`);
  return `${lines.join('\n')}\n`;
}

function laneTitle(lane: RouteLane): string {
  const { name, port, targetPort, nodePort, protocol } = lane.port;
  const parts = [`port ${name ? `${name} ` : ''}${port ?? '?'}/${protocol}`];
  if (targetPort !== null) parts.push(`targetPort ${targetPort}`);
  if (nodePort !== null) parts.push(`nodePort ${nodePort}`);
  return parts.join(', ');
}
