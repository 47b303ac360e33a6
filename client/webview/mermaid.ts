/**
 * The route as a Mermaid flowchart, for docs and pull requests: one subgraph per port, hops as
 * nodes with their labels, broken hops styled. Labels are escaped so manifest text cannot break
 * out of a node.
 */
import type { RouteModel } from '../../server/src/protocol/route';
import { t } from './strings';

export function toMermaid(model: RouteModel): string {
  const lines = ['flowchart LR'];
  const styles: string[] = [];
  model.lanes.forEach((lane, laneIndex) => {
    const title = t('port {0}', `${lane.port.name ? `${lane.port.name} ` : ''}${lane.port.port ?? '?'}/${lane.port.protocol}`);
    lines.push(`  subgraph lane${laneIndex}["${escape(title)}"]`);
    lane.hops.forEach((hop, hopIndex) => {
      const id = `l${laneIndex}h${hopIndex}`;
      lines.push(`    ${id}["${escape(hop.label)}"]`);
      if (hop.status === 'broken') styles.push(`  class ${id} broken`);
      else if (hop.status === 'warning') styles.push(`  class ${id} warning`);
    });
    // Hops that join the path (a second client, an Ingress, a Gateway route) lead to the next hop
    // that does not; that hop also follows the last one before them. Pods branch from the last
    // hop before the Pods, each container follows its Pod.
    let previousMain: number | undefined;
    let joining: number[] = [];
    let lastBeforePods: number | undefined;
    lane.hops.forEach((hop, index) => {
      if (hop.kind === 'pod') {
        if (lastBeforePods === undefined) lastBeforePods = previousMain;
        if (lastBeforePods !== undefined) lines.push(`    l${laneIndex}h${lastBeforePods} --> l${laneIndex}h${index}`);
        previousMain = index;
        return;
      }
      if (hop.kind === 'container') {
        if (previousMain !== undefined) lines.push(`    l${laneIndex}h${previousMain} --> l${laneIndex}h${index}`);
        return;
      }
      if (hop.joins) {
        joining.push(index);
        return;
      }
      if (previousMain !== undefined) lines.push(`    l${laneIndex}h${previousMain} --> l${laneIndex}h${index}`);
      for (const join of joining) lines.push(`    l${laneIndex}h${join} --> l${laneIndex}h${index}`);
      joining = [];
      previousMain = index;
    });
    lines.push('  end');
  });
  lines.push('  classDef broken stroke:#d33,stroke-width:2px', '  classDef warning stroke:#d90,stroke-width:2px', ...styles);
  return `${lines.join('\n')}\n`;
}

function escape(text: string): string {
  return text.replace(/[&"<>#]/g, (char) => `#${char.charCodeAt(0)};`);
}
