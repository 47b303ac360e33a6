/**
 * The Chromium the webview and end-to-end suites drive: Debian's /usr/bin/chromium when the
 * machine has it (as CI installs it), otherwise the headless Chromium that the pinned npm package
 * @sparticuz/chromium ships (unpacked to the temporary folder on first use, with the NSS and expat
 * libraries it brings, so a fresh machine needs no system package). Either way playwright-core
 * drives it through `executablePath`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './helpers';

export interface BrowserExecutable {
  readonly path: string;
  /** The environment to launch it with (the registry build finds its libraries through it). */
  readonly env?: Record<string, string>;
  /** Where it came from, for messages. */
  readonly source: 'debian' | 'registry';
}

const debian = '/usr/bin/chromium';

export async function browserExecutable(): Promise<BrowserExecutable> {
  if (existsSync(debian) && process.env.K8S_ROUTE_REGISTRY_CHROMIUM !== '1') return { path: debian, source: 'debian' };
  const packaged = (await import('@sparticuz/chromium')) as unknown as { default: { executablePath(): Promise<string> }; inflate(file: string): Promise<string> };
  const path = await packaged.default.executablePath();
  const bin = join(repoRoot, 'node_modules', '@sparticuz', 'chromium', 'bin');
  const libraries = join(await packaged.inflate(join(bin, 'al2023.tar.br')), 'lib');
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  env.LD_LIBRARY_PATH = [libraries, ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean)].join(':');
  return { path, env, source: 'registry' };
}
