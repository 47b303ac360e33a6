/**
 * The route as a Mermaid flowchart, for docs and pull requests: one subgraph per port, hops as
 * nodes with their labels, broken hops styled. Labels are escaped so manifest text cannot break
 * out of a node.
 */
import type { RouteModel } from '../../server/src/protocol/route';

export function toMermaid(model: RouteModel): string {
  const lines = ['flowchart LR'];
  const styles: string[] = [];
  model.lanes.forEach((lane, laneIndex) => {
    const title = `port ${lane.port.name ? `${lane.port.name} ` : ''}${lane.port.port ?? '?'}/${lane.port.protocol}`;
    lines.push(`  subgraph lane${laneIndex}["${escape(title)}"]`);
    lane.hops.forEach((hop, hopIndex) => {
      const id = `l${laneIndex}h${hopIndex}`;
      lines.push(`    ${id}["${escape(hop.label)}"]`);
      if (hop.status === 'broken') styles.push(`  class ${id} broken`);
      else if (hop.status === 'warning') styles.push(`  class ${id} warning`);
    });
    const main = lane.hops.map((hop, index) => ({ hop, index }));
    const lastMain = main.filter(({ hop }) => hop.kind !== 'pod' && hop.kind !== 'container').pop();
    for (let position = 1; position < main.length; position++) {
      const { hop, index } = main[position];
      const previous = main[position - 1];
      if (hop.joins) continue;
      if (hop.kind === 'pod' && lastMain) lines.push(`    l${laneIndex}h${lastMain.index} --> l${laneIndex}h${index}`);
      else if (hop.kind === 'container' || !(previous.hop.kind === 'pod' || previous.hop.kind === 'container')) lines.push(`    l${laneIndex}h${previous.index} --> l${laneIndex}h${index}`);
    }
    lines.push('  end');
  });
  lines.push('  classDef broken stroke:#d33,stroke-width:2px', '  classDef warning stroke:#d90,stroke-width:2px', ...styles);
  return `${lines.join('\n')}\n`;
}

function escape(text: string): string {
  return text.replace(/[&"<>#]/g, (char) => `#${char.charCodeAt(0)};`);
}
