/**
 * Path arithmetic on the names hosts give files: POSIX paths or URIs, always '/'-separated.
 * The core never touches a file system; it only relates names to each other.
 */

/** Everything before the last '/', or '' for a bare name. */
export function dirnameOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
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

/** True when `path` is `directory` itself or lies below it. */
export function isWithin(path: string, directory: string): boolean {
  return directory === '' || path === directory || path.startsWith(`${directory}/`);
}
