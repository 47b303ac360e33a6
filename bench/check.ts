/**
 * `npm run bench`: how much `k8s-route check` costs on top of the floor of reading and
 * YAML-parsing the same files, on 2,000 generated manifests. Reports medians and the ratio,
 * both measured in the same process and run, alternating so machine noise hits both alike.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseAllDocuments } from 'yaml';
import { run } from '../server/src/cli/main';
import { collectFiles } from '../server/src/node/files';
import { generateWorkspace } from './generate';

const fileCount = Number(process.env.BENCH_FILES ?? 2000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(action: () => void): number {
  const start = process.hrtime.bigint();
  action();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const root = mkdtempSync(join(tmpdir(), 'k8s-route-bench-'));
try {
  generateWorkspace(root, fileCount, 42);
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  let documents = 0;
  const floor = (): void => {
    documents = 0;
    for (const file of collectFiles([root]).files) {
      documents += parseAllDocuments(readFileSync(file, 'utf8'), { merge: true, uniqueKeys: false }).length;
    }
  };
  const check = (): void => {
    run(['check', '--format', 'json', root], { stdout: sink, stderr: sink, env: {} });
  };
  // Warm both paths up once so the JIT has seen them.
  floor();
  check();
  const floorTimes: number[] = [];
  const checkTimes: number[] = [];
  for (let round = 0; round < rounds; round++) {
    floorTimes.push(time(floor));
    checkTimes.push(time(check));
  }
  const floorMedian = median(floorTimes);
  const checkMedian = median(checkTimes);
  const ratio = checkMedian / floorMedian;
  const lines = [
    `## k8s-route check on ${fileCount} files (${documents} documents)`,
    '',
    `- date: ${new Date().toISOString().slice(0, 10)}; machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    `- floor (walk + read + yaml parseAllDocuments): median ${floorMedian.toFixed(0)} ms over ${rounds} rounds`,
    `- k8s-route check --format json (walk + read + parse + all rules + output): median ${checkMedian.toFixed(0)} ms`,
    `- ratio check / floor: **${ratio.toFixed(2)}×**`,
    '',
  ];
  console.log(lines.join('\n'));
  if (process.env.BENCH_WRITE === '1') writeFileSync(join(__dirname, 'results.md'), `# Benchmark results\n\nWritten by \`BENCH_WRITE=1 npm run bench\`.\n\n${lines.join('\n')}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
