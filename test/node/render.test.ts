/**
 * Running tools with limits (server/src/node/render/process.ts): output capped, time limited,
 * cancellable, a missing binary reported rather than thrown, and never more than the allowed
 * number of processes at once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Limiter, runTool } from '../../server/src/node/render/process';
import { toolError } from '../../server/src/node/render/renderer';

const limits = { cwd: process.cwd(), timeoutMs: 10_000, maxOutputBytes: 1024 * 1024 };

test('output past the cap stops the process and says so', async () => {
  const run = await runTool(process.execPath, ['-e', 'setInterval(() => process.stdout.write("x".repeat(65536)), 1)'], { ...limits, maxOutputBytes: 100_000 });
  assert.equal(run.truncated, true);
  assert.equal(run.stdout.length, 100_000);
  assert.equal(run.code, null, 'killed');
});

test('a run past the time limit is killed', async () => {
  const run = await runTool(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { ...limits, timeoutMs: 300 });
  assert.equal(run.timedOut, true);
  assert.ok(run.elapsedMs < 5000);
});

test('cancelling kills the process', async () => {
  const controller = new AbortController();
  const pending = runTool(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { ...limits, signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  const run = await pending;
  assert.equal(run.cancelled, true);
});

test('a binary that does not exist is a result, not an exception', async () => {
  const run = await runTool('/nonexistent/helm', ['version'], limits);
  assert.equal(run.startError, 'ENOENT');
  assert.equal(run.code, null);
});

test('exit status and both streams come back', async () => {
  const run = await runTool(process.execPath, ['-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exit(3)'], limits);
  assert.deepEqual([run.code, run.stdout, run.stderr], [3, 'out', 'err']);
});

test('the limiter never runs more than its limit at once', async () => {
  const limiter = new Limiter(2);
  let running = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: 8 }, () =>
      limiter.run(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
      }),
    ),
  );
  assert.equal(most, 2);
});

test('tool errors read as one sentence, without warnings or the wrapper', () => {
  const stderr = "# Warning: 'patchesStrategicMerge' is deprecated.\nError: accumulating resources: accumulation err='accumulating resources from '../x/k': '/x/k' must resolve to a file': recursed accumulation of path '/x/k': missing.yaml: no such file\n";
  assert.equal(toolError(stderr), 'missing.yaml: no such file');
});
