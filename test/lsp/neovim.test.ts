/**
 * A second, non-VS Code client: headless Neovim (Debian's package, installed by .ci/run) starts
 * `node dist/server.js --stdio` with its built-in LSP client, receives the diagnostics of the
 * file it opens and a hover. Outside CI, a machine without nvim reports the test skipped.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers';

const hasNeovim = spawnSync('nvim', ['--version']).status === 0;

test('Neovim receives diagnostics and a hover from the server over stdio', { skip: !hasNeovim && process.env.CI !== 'true' ? 'nvim is not installed' : false }, () => {
  assert.ok(hasNeovim, 'CI=true but nvim is missing: .ci/run installs it');
  const home = mkdtempSync(join(tmpdir(), 'k8s-route-nvim-'));
  try {
    cpSync(join(repoRoot, 'examples'), join(home, 'workspace'), { recursive: true });
    const file = join(home, 'workspace', 'mistakes', 'routing.yaml');
    const output = join(home, 'result.txt');
    const lines = readFileSync(file, 'utf8').split('\n');
    const hoverLine = lines.findIndex((line) => line.includes('targetPort: grpc'));
    const result = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', join(repoRoot, 'test', 'lsp', 'nvim.lua'), file], {
      cwd: join(home, 'workspace'),
      encoding: 'utf8',
      timeout: 60000,
      env: {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: join(home, 'config'),
        XDG_DATA_HOME: join(home, 'data'),
        XDG_STATE_HOME: join(home, 'state'),
        XDG_CACHE_HOME: join(home, 'cache'),
        K8S_ROUTE_OUT: output,
        K8S_ROUTE_NODE: process.execPath,
        K8S_ROUTE_SERVER: join(repoRoot, 'dist', 'server.js'),
        K8S_ROUTE_ROOT: join(home, 'workspace'),
        K8S_ROUTE_HOVER_LINE: String(hoverLine),
        K8S_ROUTE_HOVER_CHARACTER: '20',
      },
    });
    assert.equal(result.status, 0, `nvim exited ${result.status}: ${result.stderr}`);
    const report = readFileSync(output, 'utf8').split('\n');
    assert.equal(report[0], 'diagnostics true');
    assert.ok(report.some((line) => line.startsWith('diagnostic 30:2 service/selector-matches-nothing selector app=checkout matches no pod template')), report.join('\n'));
    assert.ok(report.some((line) => line.startsWith(`diagnostic ${hoverLine}:18 service/target-port-unresolved targetPort "grpc" names no TCP container port of Deployment/api`)), report.join('\n'));
    const hover = report.find((line) => line.startsWith('hover '));
    assert.ok(hover, report.join('\n'));
    assert.match(hover, /\*\*targetPort\*\*/);
    assert.match(hover, /Deployment\/api\]\(file:\/\/.*#L\d+\): `grpc` → no such port/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
