/**
 * Glob patterns for the include and exclude settings: `**` crosses folders, `*` and `?` stay
 * within one name, `{a,b}` picks alternatives. Paths are '/'-separated and relative to a root.
 */

/** Compiles a glob into a predicate over relative paths. */
export function globMatcher(pattern: string): (path: string) => boolean {
  const regex = new RegExp(`^${globSource(pattern.replace(/^\.\//, ''))}$`);
  return (path) => regex.test(path);
}

function globSource(pattern: string): string {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '*') {
      if (pattern[index + 1] === '*') {
        const slashAfter = pattern[index + 2] === '/';
        source += slashAfter ? '(?:.*/)?' : '.*';
        index += slashAfter ? 2 : 1;
      } else {
        source += '[^/]*';
      }
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '{') {
      const close = pattern.indexOf('}', index);
      if (close === -1) {
        source += '\\{';
        continue;
      }
      source += `(?:${pattern.slice(index + 1, close).split(',').map(globSource).join('|')})`;
      index = close;
    } else {
      source += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
    }
  }
  return source;
}
