/**
 * End to end in a multi-root workspace (code-server opening a .code-workspace of two folders):
 * the same Service, shop/frontend, written in each folder. The route panel opened for one stays
 * on it while the other is edited, and its heading names the file it shows.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { repoRoot } from '../helpers';
import { goTo, openFile, runCommand, startWorkbench } from './codeServer';
import type { Workbench } from './codeServer';

const shots = join(repoRoot, 'test-output', 'e2e');
let workbench: Workbench;
let page: Page;

before(async () => {
  mkdirSync(shots, { recursive: true });
  // The package the other end-to-end file built, or a new one.
  if (!existsSync(join(repoRoot, 'k8s-route.vsix'))) execFileSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: 'pipe' });
  workbench = await startWorkbench(join(repoRoot, 'k8s-route.vsix'), { source: join(repoRoot, 'test', 'e2e', 'multiroot'), roots: ['team-a', 'team-b'] });
  page = workbench.page;
});

after(async () => {
  if (page) await page.screenshot({ path: join(shots, 'multiroot-last.png') }).catch(() => undefined);
  await workbench?.stop();
  execFileSync('node', ['esbuild.mjs'], { cwd: repoRoot, stdio: 'pipe' });
});

test('multi-root: the route panel stays on its folder\'s Service while the same-named Service of the other folder is edited', async () => {
  await openFile(page, 'frontend.yaml');
  await goTo(page, 24, 8);
  await runCommand(page, 'K8s Route: Show Service route');
  const view = page.frameLocator('iframe.webview').frameLocator('#active-frame');
  // team-a's is a NodePort; the heading names its file, as the other folder has the same Service.
  await view.locator('#heading', { hasText: 'Service shop/frontend · NodePort' }).waitFor({ timeout: 60000 });
  assert.match((await view.locator('#heading').textContent()) ?? '', /team-a\/frontend\.yaml$/);
  // team-b's frontend changes its port: its lens shows the server has the edit.
  await openFile(page, 'storefront.yaml');
  await goTo(page, 34, 15);
  await page.keyboard.press('Backspace');
  await page.keyboard.type('1');
  await page.locator('.codelens-decoration', { hasText: '81→http' }).first().waitFor({ timeout: 60000 });
  // The panel still shows team-a's NodePort on port 80.
  assert.match((await view.locator('#heading').textContent()) ?? '', /^Service shop\/frontend · NodePort.*team-a\/frontend\.yaml$/);
  assert.doesNotMatch(await view.locator('#drawing').innerText(), /\b81\b/);
  await page.screenshot({ path: join(shots, 'multiroot-panel-stays.png') });
});
