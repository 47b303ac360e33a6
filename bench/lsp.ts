/**
 * Measurements over LSP against the built server (dist/server.js over stdio), and the peer
 * yaml-language-server on the same big file: edit→diagnostics latency, hover and completion
 * latency, and peak memory. Used by bench/run.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/lsp/lspClient';
import { repoRoot } from '../test/helpers';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Peak resident memory of a process, in MiB (VmHWM). */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

export interface ServerMeasurements {
  readonly files: number;
  readonly coldIndexMs: number;
  readonly bigEditMs: number;
  readonly crossFileEditMs: number;
  readonly hoverMs: number;
  readonly completionMs: number;
  readonly peakRssMiB: number;
  /** Peak memory when the index was done, before any edit. */
  readonly indexRssMiB: number;
}

/** One start of the server on a folder: milliseconds from spawning it until its index is done. */
export async function measureStart(folder: string, files: number, options: { cacheLocation?: string } = {}): Promise<number> {
  const client = new LspClient();
  try {
    const started = now();
    await client.initialize(folder, { initializationOptions: { debounceMs: 0, ...options } });
    await client.until(() => client.notifications.some((note) => note.method === 'k8sRoute/indexState' && !note.params.indexing && note.params.files >= files));
    return now() - started;
  } finally {
    await client.stop();
  }
}

/**
 * Runs the K8s Route server over a workspace folder holding `big.yaml`, `orders/service.yaml` and
 * `orders/deployment.yaml` besides the generated files. The debounce is set to 0 so the figures
 * are the server's own work; the default debounce (150 ms) adds to them in an editor.
 */
export async function measureServer(folder: string, files: number, rounds: number, options: { cacheLocation?: string } = {}): Promise<ServerMeasurements> {
  const client = new LspClient();
  const uri = (relative: string): string => pathToFileURL(join(folder, relative)).toString();
  try {
    const started = now();
    await client.initialize(folder, { initializationOptions: { debounceMs: 0, ...options } });
    await client.until(() => client.notifications.some((note) => note.method === 'k8sRoute/indexState' && !note.params.indexing && note.params.files >= files));
    const coldIndexMs = now() - started;
    const indexRssMiB = peakRssMiB(client.pid);

    // A one-line edit in the big file: toggle a nodePort between valid and invalid.
    const bigUri = uri('big.yaml');
    const big = readFileSync(join(folder, 'big.yaml'), 'utf8');
    client.open(bigUri, big);
    const nodePortLine = big.split('\n').findIndex((line) => line.includes('nodePort: 30080'));
    const bigEdits: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const invalid = round % 2 === 0;
      const version = round + 2;
      const start = now();
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: bigUri, version },
        contentChanges: [{ range: { start: { line: nodePortLine, character: 16 }, end: { line: nodePortLine, character: 21 } }, text: invalid ? '08080' : '30080' }],
      });
      await client.diagnosticsOf(bigUri, (items) => client.diagnostics.get(bigUri)!.version === version && items.some((item) => item.code === 'service/node-port-out-of-range') === invalid);
      bigEdits.push(now() - start);
    }

    // A Deployment label edit that changes a Service's findings in another file.
    const deploymentUri = uri('orders/deployment.yaml');
    const serviceUri = uri('orders/service.yaml');
    const deployment = readFileSync(join(folder, 'orders/deployment.yaml'), 'utf8');
    client.open(deploymentUri, deployment);
    const labelLine = deployment.split('\n').findIndex((line) => line.includes('labels: {app: orders}'));
    const crossEdits: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const broken = round % 2 === 0;
      const start = now();
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: deploymentUri, version: round + 2 },
        contentChanges: [{ range: { start: { line: labelLine, character: 0 }, end: { line: labelLine + 1, character: 0 } }, text: `    metadata: {labels: {app: ${broken ? 'orders-v2' : 'orders'}}}\n` }],
      });
      await client.until(() => {
        const published = client.diagnostics.get(serviceUri);
        const warned = published?.diagnostics.some((item) => item.code === 'service/selector-matches-nothing') ?? false;
        return warned === broken && (broken || published !== undefined);
      });
      crossEdits.push(now() - start);
    }

    const service = readFileSync(join(folder, 'orders/service.yaml'), 'utf8');
    client.open(serviceUri, service);
    const targetLine = service.split('\n').findIndex((line) => line.includes('targetPort'));
    const position = { line: targetLine, character: service.split('\n')[targetLine].indexOf('targetPort') + 13 };
    const hovers: number[] = [];
    const completions: number[] = [];
    for (let round = 0; round < rounds; round++) {
      let start = now();
      await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: serviceUri }, position });
      hovers.push(now() - start);
      start = now();
      await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: serviceUri }, position });
      completions.push(now() - start);
    }
    return { files, coldIndexMs, bigEditMs: median(bigEdits), crossFileEditMs: median(crossEdits), hoverMs: median(hovers), completionMs: median(completions), peakRssMiB: peakRssMiB(client.pid), indexRssMiB };
  } finally {
    await client.stop();
  }
}

export interface PeerMeasurements {
  readonly openMs: number;
  readonly editMs: number;
  readonly peakRssMiB: number;
}

/** yaml-language-server (schema store off, so it stays offline) on the same big file. */
export async function measurePeer(folder: string, rounds: number): Promise<PeerMeasurements> {
  const client = new LspClient([process.execPath, join(repoRoot, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio']);
  client.settings = { schemaStore: { enable: false }, validate: true, hover: true, completion: true };
  const bigUri = pathToFileURL(join(folder, 'big.yaml')).toString();
  try {
    await client.initialize(folder);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { yaml: client.settings } });
    const big = readFileSync(join(folder, 'big.yaml'), 'utf8');
    let start = now();
    client.open(bigUri, big);
    await client.until(() => client.diagnostics.has(bigUri));
    const openMs = now() - start;
    const line = big.split('\n').findIndex((text) => text.includes('nodePort: 30080'));
    const edits: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const version = round + 2;
      const published = client.publishCount.get(bigUri) ?? 0;
      start = now();
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: bigUri, version }, contentChanges: [{ range: { start: { line, character: 16 }, end: { line, character: 21 } }, text: round % 2 === 0 ? '08080' : '30080' }] });
      // The peer publishes once after every change (without a version): wait for that publish.
      await client.until(() => (client.publishCount.get(bigUri) ?? 0) > published);
      edits.push(now() - start);
    }
    return { openMs, editMs: median(edits), peakRssMiB: peakRssMiB(client.pid) };
  } finally {
    await client.stop();
  }
}

/** The workspace the server benchmark needs, besides the generated files. */
export function writeBenchFixtures(folder: string, big: string): void {
  writeFileSync(join(folder, 'big.yaml'), big);
  writeFileSync(join(folder, 'orders', 'service.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: orders, namespace: team-3}\nspec:\n  selector: {app: orders}\n  ports:\n    - {name: http, port: 80, targetPort: http}\n');
  writeFileSync(join(folder, 'orders', 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: orders, namespace: team-3}\nspec:\n  selector: {matchLabels: {app: orders}}\n  template:\n    metadata: {labels: {app: orders}}\n    spec: {containers: [{name: orders, image: orders, ports: [{name: http, containerPort: 8080}]}]}\n');
}
