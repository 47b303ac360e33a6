/**
 * Running an external tool with limits: a time limit after which the process is killed, a cap on
 * the output kept, and cancellation. Never throws: a tool that cannot start is a result too.
 */
import { spawn } from 'node:child_process';

export interface ToolRun {
  /** Exit code, or null when the process was killed or never started. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** The output passed the cap; what was kept is incomplete. */
  readonly truncated: boolean;
  readonly cancelled: boolean;
  /** Why the process could not start (ENOENT, EACCES), if it did not. */
  readonly startError?: string;
  readonly elapsedMs: number;
}

export interface RunLimits {
  readonly cwd: string;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  readonly signal?: AbortSignal;
  readonly env?: NodeJS.ProcessEnv;
}

export function runTool(command: string, args: readonly string[], limits: RunLimits): Promise<ToolRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let kept = 0;
    let truncated = false;
    let timedOut = false;
    let cancelled = false;
    let settled = false;
    const child = spawn(command, args, { cwd: limits.cwd, env: limits.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const finish = (code: number | null, startError?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', abort);
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), timedOut, truncated, cancelled, ...(startError ? { startError } : {}), elapsedMs: Date.now() - started });
    };
    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      if (kept + chunk.length > limits.maxOutputBytes) {
        truncated = true;
        into.push(chunk.subarray(0, Math.max(0, limits.maxOutputBytes - kept)));
        kept = limits.maxOutputBytes;
        kill();
        return;
      }
      kept += chunk.length;
      into.push(chunk);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, limits.timeoutMs);
    const abort = (): void => {
      cancelled = true;
      kill();
    };
    if (limits.signal?.aborted) abort();
    else limits.signal?.addEventListener('abort', abort);
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    child.on('error', (error: NodeJS.ErrnoException) => finish(null, error.code ?? error.message));
    child.on('close', (code) => finish(code));
  });
}

/** Runs tasks with at most `limit` of them at once. */
export class Limiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /** Tasks started and not finished, and tasks waiting. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
