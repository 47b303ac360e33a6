/**
 * Path arithmetic on the names hosts give files: POSIX paths or URIs, always '/'-separated.
 * The core never touches a file system; it only relates names to each other.
 */

/** Everything before the last '/', or '' for a bare name. */
export function dirnameOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** `name` inside `directory`; a name at the top when the directory is the workspace itself (''). */
export function inFolder(directory: string, name: string): string {
  return directory === '' ? name : `${directory}/${name}`;
}

export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Joins a relative reference to a directory, resolving `.` and `..` inside it. Returns undefined
 * when the reference is absolute, a URL, or climbs above the directory.
 */
export function joinBelow(directory: string, reference: string): string | undefined {
  if (reference.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(reference)) return undefined;
  const segments: string[] = [];
  for (const segment of reference.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return undefined;
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  if (segments.length === 0) return directory;
  return directory === '' ? segments.join('/') : `${directory}/${segments.join('/')}`;
}

/**
 * Joins a relative reference to a directory, resolving `.` and `..` against the directory itself
 * (so `../base` works). Returns undefined for absolute or URL references, or when `..` climbs
 * above the root of the path.
 */
export function joinRelative(directory: string, reference: string): string | undefined {
  if (reference.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(reference)) return undefined;
  const root = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(directory)?.[0] ?? '';
  const segments = directory.slice(root.length).split('/');
  const absolute = segments[0] === '';
  const kept = segments.filter((segment) => segment !== '');
  for (const segment of reference.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (kept.length === 0) return undefined;
      kept.pop();
    } else {
      kept.push(segment);
    }
  }
  return `${root}${absolute ? '/' : ''}${kept.join('/')}`;
}

/** True when `path` is `directory` itself or lies below it. */
export function isWithin(path: string, directory: string): boolean {
  return directory === '' || path === directory || path.startsWith(`${directory}/`);
}

/** The name a unit's rendered text goes by: its root file with `#rendered` (and the variant). */
export function renderedPathOf(rootFile: string, variant?: string): string {
  return `${rootFile}#rendered${variant ? `-${variant}` : ''}`;
}

/** True for the name of a unit's rendered text, as `renderedPathOf` makes it. */
export function isRenderedPath(path: string): boolean {
  return /#rendered(-[^/#]*)?$/.test(path);
}
