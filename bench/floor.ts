/**
 * The floor process for memory: reads and YAML-parses every manifest of a folder, keeps the
 * parsed documents (as any index must), and prints its peak resident memory in MiB.
 * Usage: node --import tsx bench/floor.ts <folder>
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { collectFiles } from '../server/src/node/files';

const kept: unknown[] = [];
for (const file of collectFiles([process.argv[2]]).files) kept.push(parseAllDocuments(readFileSync(file, 'utf8'), { merge: true, uniqueKeys: false }));
const status = readFileSync('/proc/self/status', 'utf8');
console.log(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024, kept.length);
