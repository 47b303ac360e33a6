/**
 * A minimal LSP client over stdio for tests: frames JSON-RPC messages, answers the server's
 * requests with nulls, and lets a test await a notification that satisfies a condition.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

type Message = { id?: number; method?: string; params?: unknown; result?: unknown; error?: unknown };

export class StdioClient {
  private readonly process: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (message: Message) => void>();
  private readonly notifications: Message[] = [];
  private waiters: Array<{ match: (message: Message) => boolean; resolve: (message: Message) => void }> = [];
  stderr = '';

  constructor(serverPath: string) {
    this.process = spawn(process.execPath, [serverPath, '--stdio'], { stdio: 'pipe' });
    this.process.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.process.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
  }

  request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /**
   * Resolves with the first notification, already received or future, that matches. Each
   * notification satisfies one wait only, so successive waits see successive notifications.
   */
  waitFor(method: string, match: (params: any) => boolean): Promise<any> {
    const test = (message: Message): boolean => message.method === method && match(message.params);
    const seenAt = this.notifications.findIndex(test);
    if (seenAt !== -1) return Promise.resolve(this.notifications.splice(seenAt, 1)[0].params);
    return new Promise((resolve) => this.waiters.push({ match: test, resolve: (message) => resolve(message.params) }));
  }

  async stop(): Promise<void> {
    await this.request('shutdown', null);
    this.notify('exit', null);
    await new Promise((resolve) => this.process.once('exit', resolve));
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.process.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.process.stdin.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(message);
    }
  }

  private dispatch(message: Message): void {
    if (message.id !== undefined && message.method === undefined) {
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
      return;
    }
    if (message.id !== undefined) {
      // A request from the server (configuration, registration): answer with defaults.
      const result = message.method === 'workspace/configuration' ? (message.params as { items: unknown[] }).items.map(() => null) : null;
      this.send({ id: message.id, result });
      return;
    }
    const waiter = this.waiters.find((candidate) => candidate.match(message));
    if (waiter) {
      this.waiters = this.waiters.filter((candidate) => candidate !== waiter);
      waiter.resolve(message);
    } else {
      this.notifications.push(message);
    }
  }
}
