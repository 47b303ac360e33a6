/**
 * A test client for the built server: spawns `node dist/server.js --stdio` as a real process and
 * speaks LSP to it through vscode-languageserver-protocol. Tests wait on the diagnostics and
 * notifications it records, never on time.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import type { Diagnostic, ProtocolConnection, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers';

type Predicate<T> = (value: T) => boolean;

export class LspClient {
  readonly connection: ProtocolConnection;
  private readonly process: ChildProcessWithoutNullStreams;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** How many times each file's diagnostics were published. */
  readonly publishCount = new Map<string, number>();
  readonly notifications: Array<{ method: string; params: any }> = [];
  private waiters: Array<{ test: () => boolean; resolve: () => void }> = [];
  stderr = '';
  settings: Record<string, unknown> = {};
  progressTokens: string[] = [];

  /** Starts a server: by default the built K8s Route server; the benchmark also starts its peer. */
  constructor(command: readonly string[] = [process.execPath, join(repoRoot, 'dist', 'server.js'), '--stdio']) {
    this.process = spawn(command[0], command.slice(1), { stdio: 'pipe' });
    this.process.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      this.publishCount.set(params.uri, (this.publishCount.get(params.uri) ?? 0) + 1);
      this.wake();
    });
    // Progress notifications are routed by the protocol library, not to the unhandled handler.
    this.connection.onNotification('$/progress', (params: unknown) => {
      this.notifications.push({ method: '$/progress', params });
      this.wake();
    });
    this.connection.onUnhandledNotification((message) => {
      this.notifications.push({ method: message.method, params: message.params });
      this.wake();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', (params: { token: string }) => {
      this.progressTokens.push(params.token);
      return null;
    });
    this.connection.listen();
  }

  get pid(): number {
    return this.process.pid!;
  }

  /** Starts the session on one folder, or on several (a multi-root workspace) with `folders`. */
  async initialize(folder: string, options: { locale?: string; initializationOptions?: unknown; folders?: readonly string[] } = {}): Promise<any> {
    const folders = options.folders ?? [folder];
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(folder).toString(),
      locale: options.locale ?? 'en',
      initializationOptions: options.initializationOptions,
      workspaceFolders: folders.map((item, position) => ({ uri: pathToFileURL(item).toString(), name: folders.length === 1 ? 'workspace' : `folder-${position + 1}` })),
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves when `test` holds, checking after every message from the server. */
  until(test: () => boolean): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** The diagnostics of a file once they satisfy the predicate. */
  async diagnosticsOf(uri: string, predicate: Predicate<Diagnostic[]>): Promise<Diagnostic[]> {
    await this.until(() => {
      const published = this.diagnostics.get(uri);
      return published !== undefined && predicate(published.diagnostics);
    });
    return this.diagnostics.get(uri)!.diagnostics;
  }

  open(uri: string, text: string, version = 1): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  change(uri: string, version: number, text: string): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    await new Promise((resolve) => this.process.once('exit', resolve));
    this.connection.dispose();
  }

  private wake(): void {
    const ready = this.waiters.filter((waiter) => waiter.test());
    this.waiters = this.waiters.filter((waiter) => !ready.includes(waiter));
    for (const waiter of ready) waiter.resolve();
  }
}

/** Applies LSP text edits (from one file's list) to a text. */
export function applyEdits(text: string, edits: ReadonlyArray<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>): string {
  const lines = text.split('\n');
  const offsetAt = (position: { line: number; character: number }): number => {
    let offset = 0;
    for (let line = 0; line < position.line; line++) offset += lines[line].length + 1;
    return offset + position.character;
  };
  const sorted = [...edits].sort((left, right) => offsetAt(right.range.start) - offsetAt(left.range.start));
  let result = text;
  for (const edit of sorted) result = result.slice(0, offsetAt(edit.range.start)) + edit.newText + result.slice(offsetAt(edit.range.end));
  return result;
}

/** The LSP position of `needle` in `text` (plus `extra` characters); fails the test when absent. */
export function positionOf(text: string, needle: string, extra = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset === -1) throw new Error(`"${needle}" not found`);
  const before = text.slice(0, offset + extra);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}
