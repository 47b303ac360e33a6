/**
 * Helm's YAML errors count lines of a template's rendered output ("yaml: line 43"), which the
 * user never sees. Given the template and that rendered document (helm renders it with --debug),
 * this finds the template line that wrote a rendered line, by walking both in order: a template
 * line that is only actions writes nothing, a line's text outside its actions must start the
 * rendered line, and lines a `range` or `include` repeats stay on the template line that wrote them.
 */

/** The text of a template line outside its actions, up to the first action, and whether it is only actions. */
function literalOf(line: string): { prefix: string; onlyActions: boolean } {
  const first = line.indexOf('{{');
  const prefix = (first === -1 ? line : line.slice(0, first)).trimEnd();
  const rest = line.replace(/\{\{-?[\s\S]*?-?\}\}/g, '').trim();
  return { prefix, onlyActions: first !== -1 && rest === '' };
}

/**
 * The 1-based template line that wrote `renderedLine` (1-based) of `rendered`, one template's
 * output. Lines are matched in order; when nothing matches, the last matched template line is
 * the best answer.
 */
export function templateLineOf(template: string, rendered: string, renderedLine: number): number {
  const templateLines = template.split('\n');
  const renderedLines = rendered.split('\n');
  const literals = templateLines.map(literalOf);
  let position = 0;
  let last = 0;
  const limit = Math.min(renderedLine, renderedLines.length);
  for (let index = 0; index < limit; index++) {
    const line = renderedLines[index];
    if (line.trim() === '') continue;
    // The next template line whose text outside actions starts this rendered line; lines of a
    // block left out by an `if` are passed over. A line of actions only (include, toYaml) may
    // write lines no literal accounts for.
    let found = -1;
    let writer = -1;
    for (let candidate = position; candidate < templateLines.length; candidate++) {
      const literal = literals[candidate];
      if (templateLines[candidate].trim() === '') continue;
      if (literal.onlyActions) {
        if (writer === -1) writer = candidate;
        continue;
      }
      if (literal.prefix === '' || line.startsWith(literal.prefix)) {
        found = candidate;
        break;
      }
    }
    if (found !== -1) {
      last = found;
      position = found + 1;
    } else if (writer !== -1) {
      last = writer;
      position = writer;
    }
  }
  return last + 1;
}
