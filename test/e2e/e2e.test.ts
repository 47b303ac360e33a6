/**
 * End to end: the packaged .vsix in a real VS Code (code-server) opening test/e2e/workspace —
 * a multi-folder, multi-namespace app with one deliberate mistake of each main kind — checked
 * through the workbench as a user sees it. A screenshot of each step goes to test-output/e2e/.
 * Waits are on visible conditions only.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test as nodeTest } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { repoRoot } from '../helpers';
import { describeWorkbench, goTo, openFile, repeatUntilVisible, runCommand, startWorkbench } from './codeServer';
import type { Workbench } from './codeServer';

// Debian's Chromium or the one the pinned npm package ships (test/browser.ts): the suite always runs.
const shots = join(repoRoot, 'test-output', 'e2e');
let workbench: Workbench;
let page: Page;

/** 1-based line and column of `needle` (plus `extra` characters) in a workspace file. */
function where(relative: string, needle: string, extra = 0): { line: number; column: number } {
  const text = readFileSync(join(repoRoot, 'test', 'e2e', 'workspace', relative), 'utf8');
  const offset = text.indexOf(needle);
  assert.ok(offset !== -1, `${needle} not in ${relative}`);
  const before = text.slice(0, offset + extra);
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

/** Waits until the element's text matches (a list row may be redrawn under the reader), then checks it. */
async function assertText(locator: Locator, pattern: RegExp): Promise<void> {
  let text = '';
  for (let attempt = 0; attempt < 100; attempt++) {
    text = (await locator.innerText().catch(() => '')) ?? '';
    if (pattern.test(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.match(text, pattern);
}

/** Opens a workspace file, puts the cursor after `needle` (plus `extra` columns), opens the quick fixes there, and returns the one named `title`. */
async function quickFixAt(relative: string, needle: string, extra: number, title: string): Promise<Locator> {
  await openFile(page, relative);
  const place = where(relative, needle, extra);
  await goTo(page, place.line, place.column);
  const fix = page.locator('.action-widget .monaco-list-row, .context-view .monaco-list-row', { hasText: title }).first();
  await repeatUntilVisible(() => page.keyboard.press('Control+.'), fix);
  return fix;
}

/** Opens a workspace file, puts the cursor in its Service's kind, and runs "Show Service route". */
async function showRouteOf(relative: string): Promise<void> {
  await openFile(page, relative);
  const service = where(relative, 'kind: Service', 7);
  await goTo(page, service.line, service.column);
  await runCommand(page, 'K8s Route: Show Service route');
}

/**
 * A test of the workbench. When it fails, a screenshot named after it goes to test-output/e2e/ and
 * the error says what the workbench showed (CI keeps only the output). A code-server on a loaded
 * machine now and then drops a key or a click the test waits on for good, so a failed test is run
 * once more from a reset workbench (no widget open, every editor reverted and closed); the first
 * failure is printed as the test's diagnostic, and a test fails when both runs fail.
 */
function test(name: string, body: () => void | Promise<void>): void {
  nodeTest(name, async (context) => {
    for (let run = 1; ; run++) {
      try {
        await body();
        return;
      } catch (error) {
        if (!page) throw error;
        const file = `failed-${run}-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`;
        await page.screenshot({ path: join(shots, file) }).catch(() => undefined);
        const message = `${error instanceof Error ? error.message : String(error)}\n-- the workbench when it failed (${file}):\n${await describeWorkbench(page)}`;
        if (run >= 2) {
          const failure = new Error(message);
          if (error instanceof Error) failure.stack = `${message}\n${error.stack?.split('\n').slice(1).join('\n') ?? ''}`;
          throw failure;
        }
        context.diagnostic(`first run of "${name}" failed; running it again from a reset workbench:`);
        for (const line of message.split('\n')) context.diagnostic(line);
        await resetWorkbench();
      }
    }
  });
}

/** Closes any widget, reverts every edited editor and closes them all. */
async function resetWorkbench(): Promise<void> {
  for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
  const dirty = page.locator('.tabs-container .tab.dirty');
  for (let attempt = 0; (await dirty.count()) > 0 && attempt < 10; attempt++) {
    await dirty.first().click();
    await runCommand(page, 'File: Revert File');
    await page.waitForFunction(() => !document.title.startsWith('● '), undefined, { timeout: 20000 }).catch(() => undefined);
  }
  await runCommand(page, 'View: Close All Editors');
  await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: 20000 }).catch(() => undefined);
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

/**
 * The Problems rows that mention `text`. The list draws only the rows in view, so the panel's own
 * filter is set to the text first: the row is in view whenever the problem exists.
 */
async function problem(text: string): Promise<Locator> {
  const filter = page.locator('.markers-panel-container input, input[placeholder^="Filter (e.g. text"]').first();
  await filter.fill(text);
  return page.locator('.markers-panel .monaco-list-row', { hasText: text });
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  execFileSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: 'pipe' });
  workbench = await startWorkbench(join(repoRoot, 'k8s-route.vsix'));
  page = workbench.page;
});

after(async () => {
  // The state the run ended in, for diagnosing a failure.
  if (page) await page.screenshot({ path: join(shots, 'last.png') }).catch(() => undefined);
  await workbench?.stop();
  // `npm run package` built a minified dist/; the other tests expect the normal build.
  execFileSync('node', ['esbuild.mjs'], { cwd: repoRoot, stdio: 'pipe' });
});

test('the .vsix holds the bundle and its assets, without node_modules', () => {
  const files = execFileSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' }).trim().split('\n').sort();
  for (const expected of ['dist/extension.js', 'dist/server.js', 'dist/cli.js', 'dist/worker.js', 'dist/webview/route.js', 'dist/webview/route.css', 'dist/webview/codicon.ttf', 'docs/rules.md', 'images/icon.png', 'syntaxes/k8s-route.injection.tmLanguage.json', 'l10n/bundle.l10n.zh-cn.json', 'package.nls.zh-cn.json', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
    assert.ok(files.includes(expected), `${expected} is packaged`);
  }
  assert.deepEqual(files.filter((file) => file.includes('node_modules') || file.endsWith('.ts') || file.endsWith('.map') || file.startsWith('test/')), []);
});

test('the Problems panel lists the findings of files never opened', async () => {
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').waitFor({ timeout: 30000 });
  await (await problem('service/node-port-out-of-range')).first().waitFor({ timeout: 60000 });
  await assertText((await problem('service/node-port-out-of-range')).first(), /nodePort 3000 is outside the node port range 30000-32767/);
  await (await problem('service/selector-matches-nothing')).first().waitFor();
  await assertText((await problem('service/selector-matches-nothing')).first(), /closest: Deployment\/checkout has app=checkout-v2/);
  await (await problem('service/target-port-unresolved')).first().waitFor();
  await assertText((await problem('service/target-port-unresolved')).first(), /targetPort "grpc" names no TCP container port of Deployment\/payments/);
  assert.equal(await page.locator('.tabs-container .tab').count(), 0, 'no file was opened');
  await shot('1-problems');
});

test('editing a Deployment\'s labels warns on its Service in another file, and undo clears it', async () => {
  await openFile(page, 'apps/shop/api.yaml');
  const label = where('apps/shop/api.yaml', 'app: api\n    spec', 8);
  await goTo(page, label.line, label.column);
  await page.keyboard.type('-v2');
  const warning = await problem('selector app=api matches no pod template in namespace shop');
  await warning.first().waitFor({ timeout: 30000 });
  await shot('2-edit-warning');
  await page.keyboard.press('Control+Z');
  await warning.first().waitFor({ state: 'detached', timeout: 30000 });
  await shot('3-undo');
});

test('hover on a targetPort shows the container port it resolves to', async () => {
  await openFile(page, 'apps/shop/frontend.yaml');
  const target = where('apps/shop/frontend.yaml', 'targetPort: http', 13);
  await goTo(page, target.line, target.column);
  const hover = page.locator('.monaco-hover-content', { hasText: 'targetPort' });
  await repeatUntilVisible(async () => {
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
  }, hover.first());
  assert.match(await hover.first().innerText(), /Deployment\/frontend: http → 8080\/TCP \(web\)/);
  await shot('4-hover');
  await page.keyboard.press('Escape');
});

test('the code lens above a Service summarises its route', async () => {
  await openFile(page, 'apps/shop/frontend.yaml');
  const lens = page.locator('.codelens-decoration', { hasText: '→ Deployment/frontend × 3 · 80→http(8080)' });
  await lens.first().waitFor({ timeout: 30000 });
  assert.ok(await page.locator('.codelens-decoration', { hasText: 'Show route' }).count());
  await shot('5-code-lens');
});

test('a quick fix applies and its finding disappears', async () => {
  const fix = await quickFixAt('platform/monitoring/grafana.yaml', 'nodePort: 3000', 10, 'Remove nodePort');
  await shot('6-quick-fix-menu');
  await fix.click();
  await (await problem('service/node-port-out-of-range')).first().waitFor({ state: 'detached', timeout: 30000 });
  assert.doesNotMatch(await page.locator('.monaco-editor .view-lines').first().innerText(), /nodePort: 3000/);
  await shot('7-quick-fix-applied');
});

test('"Show Service route" draws the route, and clicking a hop reveals its source', async () => {
  await showRouteOf('apps/shop/frontend.yaml');
  const view = page.frameLocator('iframe.webview').frameLocator('#active-frame');
  // The picture of the cluster first: the load balancer, the nodes, the Pods with their addresses.
  await view.locator('svg.picture g.element').first().waitFor({ timeout: 30000 });
  const texts = await view.locator('svg.picture g.element text').allTextContents();
  for (const expected of ['load balancer', 'kube-proxy', 'Deployment/frontend', '10.244.0.1:8080', 'cluster IP (virtual)']) {
    assert.ok(texts.includes(expected), `"${expected}" in ${texts.join(' | ')}`);
  }
  const arrows = await view.locator('svg.picture g.arrow-label text').allTextContents();
  assert.ok(arrows.some((text) => /^192\.168\.0\.10:\d+$/.test(text)), `a node port arrow in ${arrows.join(' | ')}`);
  await shot('8-route-view');
  // The steps, and a click on the container back to its port.
  await view.locator('#view-steps').click();
  await view.locator('svg.route g.hop').first().waitFor({ timeout: 30000 });
  const labels = await view.locator('svg.route g.hop text.label').allTextContents();
  for (const expected of ['External client', '<external IP>:80', 'kube-proxy', 'Deployment/frontend × 3', 'web:8080/TCP']) {
    assert.ok(labels.includes(expected), `hop "${expected}" in ${labels.join(' | ')}`);
  }
  await view.locator('g.hop.kind-container').click();
  const port = where('apps/shop/frontend.yaml', 'containerPort: 8080', 15);
  await page.locator('.statusbar-item', { hasText: `Ln ${port.line}, Col ${port.column + 4} (4 selected)` }).first().waitFor({ timeout: 30000 });
  // The editor's tab (the panel's title names the file too).
  await page.locator('.tabs-container .tab.active', { hasText: 'frontend.yaml' }).first().waitFor();
  await shot('9-revealed');
});

test('the route panel stays on its Service while a same-named Service in another file is edited', async () => {
  await showRouteOf('apps/shop/frontend.yaml');
  const view = page.frameLocator('iframe.webview').frameLocator('#active-frame');
  // Same names elsewhere: the heading names this one's file.
  await view.locator('#heading', { hasText: 'Service shop/frontend · LoadBalancer' }).waitFor({ timeout: 30000 });
  assert.match((await view.locator('#heading').textContent()) ?? '', /shop\/frontend\.yaml$/);
  // The old platform's frontend changes its port; its lens shows the server has it.
  await openFile(page, 'platform/legacy/frontend-legacy.yaml');
  const port = where('platform/legacy/frontend-legacy.yaml', 'port: 8080', 6);
  await goTo(page, port.line, port.column + 4);
  await page.keyboard.press('Backspace');
  await page.keyboard.type('1');
  await page.locator('.codelens-decoration', { hasText: '8081→http' }).first().waitFor({ timeout: 30000 });
  // The panel still shows the frontend it was opened for: its own port, its own type.
  await view.locator('svg.picture g.element, svg.route g.hop').first().waitFor({ timeout: 30000 });
  assert.match((await view.locator('#heading').textContent()) ?? '', /^Service shop\/frontend · LoadBalancer.*shop\/frontend\.yaml$/);
  const text = await view.locator('#drawing').innerText();
  assert.doesNotMatch(text, /8081/);
  await shot('9h-panel-stays');
  await runCommand(page, 'File: Revert File');
  await page.waitForFunction(() => !document.title.startsWith('● '), undefined, { timeout: 20000 });
  await runCommand(page, 'View: Close All Editors');
});

test('a route from a kustomize patch shows the Service it patches; from the base, a switch between the overlays that render it', async () => {
  await showRouteOf('platform/edge/overlays/alpha/service-type.yaml');
  const view = page.frameLocator('iframe.webview').frameLocator('#active-frame');
  // The patch makes it a NodePort in alpha: the route is of the rendered Service.
  await view.locator('#heading', { hasText: 'Service alpha/edge · NodePort' }).waitFor({ timeout: 60000 });
  await shot('9f-route-from-patch');
  await showRouteOf('platform/edge/base/service.yaml');
  const units = view.locator('#unit-select');
  await units.waitFor({ state: 'visible', timeout: 60000 });
  const options = await units.locator('option').allTextContents();
  assert.equal(options.length, 2, options.join(' | '));
  const beta = options.find((option) => option.includes('beta'));
  assert.ok(beta, options.join(' | '));
  await units.selectOption({ label: beta });
  await view.locator('#heading', { hasText: 'Service beta/edge · ClusterIP' }).waitFor({ timeout: 60000 });
  await shot('9g-overlay-switch');
  await runCommand(page, 'View: Close All Editors');
});

test('the Services view lists the Services by namespace with their state, and a click opens the route', async () => {
  await runCommand(page, 'Focus on K8s Route Services View');
  const tree = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'K8s Route Services' }) });
  await tree.locator('.monaco-list-row').first().waitFor({ timeout: 30000 });
  // Room for the list: the namespaces collapsed, then the shop's opened.
  await tree.locator('.pane-header .action-label[aria-label*="Collapse"]').first().click();
  // The shop is the last namespace: End brings it into the small pane.
  await tree.locator('.monaco-list-row').first().click();
  await page.keyboard.press('End');
  const shop = tree.locator('.monaco-list-row', { hasText: 'shop' }).first();
  await shop.click();
  // Once the shop is open, its Services are the last rows: End scrolls the small pane to them.
  await tree.locator('.monaco-list-row[aria-expanded="true"]', { hasText: 'shop' }).first().waitFor({ timeout: 30000 });
  // The shop's frontend (the old platform's ClusterIP one has the same name). The group opens
  // before its Services arrive from the server: End and ArrowUp again until they are drawn.
  const frontend = tree.locator('.monaco-list-row', { hasText: 'frontend' }).filter({ hasText: 'LoadBalancer' }).first();
  await repeatUntilVisible(async () => {
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
  }, frontend).catch(async (error: unknown) => {
    await shot('9b-services-view-missing');
    throw error;
  });
  assert.ok(await tree.locator('.monaco-list-row', { hasText: 'shop' }).count(), 'the namespace is a group');
  assert.match((await frontend.textContent()) ?? '', /LoadBalancer/);
  await shot('9b-services-view');
  await frontend.click();
  const view = page.frameLocator('iframe.webview').frameLocator('#active-frame');
  await view.locator('#heading', { hasText: 'Service shop/frontend' }).waitFor({ timeout: 30000 });
});

/** The process ids of the extension's language server (none: an empty list). */
function serverPids(): string[] {
  try {
    return execFileSync('pgrep', ['-f', 'extensions/k8s-route\\.k8s-route-[^/]*/dist/server\\.js'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

test('a killed language server is restarted by the client and re-indexes the workspace', async () => {
  const before = serverPids();
  assert.equal(before.length, 1, 'the server runs as its own process');
  process.kill(Number(before[0]), 'SIGKILL');
  // A new server process comes up (the process table, polled every 100 ms, is the condition)…
  while (serverPids().filter((pid) => !before.includes(pid)).length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  // …and knows the unopened files again: breaking the api Deployment's labels warns in api-service.yaml.
  await openFile(page, 'apps/shop/api.yaml');
  const label = where('apps/shop/api.yaml', 'app: api\n    spec', 8);
  await goTo(page, label.line, label.column);
  await page.keyboard.type('-v3');
  await (await problem('selector app=api matches no pod template in namespace shop')).first().waitFor({ timeout: 60000 });
  await shot('10-restarted');
  await page.keyboard.press('Control+Z');
});

/** The server's cache files in the workspace storage code-server gives the extension. */
function cacheFiles(): string[] {
  const storage = join(workbench.userData, 'User', 'workspaceStorage');
  if (!existsSync(storage)) return [];
  return readdirSync(storage).flatMap((id) => {
    const folder = join(storage, id, 'k8s-route.k8s-route', 'cache');
    return existsSync(folder) ? readdirSync(folder) : [];
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('the server keeps its cache in the workspace storage; "Clear cache and restart" deletes it, and the status bar counts the units rendered again', async () => {
  await until(() => cacheFiles().some((name) => name.startsWith('files-')) && cacheFiles().some((name) => name.startsWith('render-')), 'the files and renders are cached');
  const before = serverPids();
  // Watched inside the page, at every frame: the status bar while the units render again.
  const rendering = page.waitForFunction(() => [...document.querySelectorAll('.statusbar-item')].some((item) => /K8s Route: rendering .*\(\d+\/\d+ units\)/.test(item.textContent ?? '')), undefined, { polling: 'raf', timeout: 60000 });
  await runCommand(page, 'K8s Route: Clear cache and restart language server');
  await rendering;
  await until(() => serverPids().some((pid) => !before.includes(pid)), 'a new server runs');
  await until(() => cacheFiles().some((name) => name.startsWith('files-')) && cacheFiles().some((name) => name.startsWith('render-')), 'the cache is written again');
  await assertText(page.locator('.statusbar-item', { hasText: 'K8s Route' }).last(), /^\s*K8s Route\s*$/);
});

test('a .k8s-route.yaml written beside the manifests applies at once, its mistakes show, and deleting it restores the defaults', async () => {
  const config = join(workbench.workspace, '.k8s-route.yaml');
  const checkout = 'selector app=checkout matches no pod template';
  await (await problem(checkout)).first().waitFor({ timeout: 60000 });
  // The team turns the rule off for the repository; the misspelt key is flagged on its line.
  writeFileSync(config, 'disabledRules: [service/selector-matches-nothing]\nfailOnn: warning\n');
  await (await problem(checkout)).first().waitFor({ state: 'detached', timeout: 60000 });
  await (await problem('config/unknown-key')).first().waitFor({ timeout: 60000 });
  await assertText((await problem('config/unknown-key')).first(), /"failOnn" is not a configuration key; did you mean "failOn"\?/);
  await shot('11-project-configuration');
  rmSync(config);
  await (await problem(checkout)).first().waitFor({ timeout: 60000 });
  await (await problem('config/unknown-key')).first().waitFor({ state: 'detached', timeout: 60000 });
});

test('"Turn off" a rule from its quick fix writes .k8s-route.yaml, which completes its keys without any other extension', async () => {
  const config = join(workbench.workspace, '.k8s-route.yaml');
  const checkout = 'selector app=checkout matches no pod template';
  // A run before this one may have left the file: the rule is on again first.
  if (existsSync(config)) rmSync(config);
  await (await problem(checkout)).first().waitFor({ timeout: 60000 });
  const turnOff = await quickFixAt('apps/shop/checkout.yaml', 'selector:\n    app: checkout', 3, 'Turn off service/selector-matches-nothing in .k8s-route.yaml');
  await shot('9d-turn-off-menu');
  await turnOff.click();
  await (await problem(checkout)).first().waitFor({ state: 'detached', timeout: 60000 });
  // The edit created the file and wrote the rule in it (the editor holds it; the server already applies it).
  for (let waited = 0; !existsSync(config) && waited < 200; waited++) await new Promise((resolve) => setTimeout(resolve, 100));
  // Quick Open may not list a file this new at the first try.
  for (let attempt = 1; ; attempt++) {
    try {
      await openFile(page, '.k8s-route.yaml');
      break;
    } catch (error) {
      if (attempt >= 4) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await assertText(page.locator('.monaco-editor.focused .view-lines').first(), /disabledRules:.*service\/selector-matches-nothing/);
  // Completion of the configuration's keys comes from K8s Route's own server.
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('failO');
  const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'failOn' });
  await repeatUntilVisible(() => page.keyboard.press('Control+Space'), suggestion.first());
  await shot('9e-config-completion');
  await page.keyboard.press('Escape');
  // Nothing of it is kept: the editor goes without saving, and the file goes from the disk.
  await runCommand(page, 'View: Revert and Close Editor');
  await runCommand(page, 'View: Close All Editors');
  // Nothing is left behind for the tests after this one (deleting the file restoring the rule is the test before).
  writeFileSync(config, '');
  rmSync(config, { force: true });
});

test('a Helm values line that renders a rejected Service shows the error where it is typed, with the template linked', async () => {
  const row = await problem('.Values.port renders into charts/web/templates/web.yaml');
  await row.first().waitFor({ timeout: 60000 });
  assert.match(await row.first().innerText(), /port 70000 must be between 1 and 65535, inclusive/);
  // The template line carries it too, with the values line as a note.
  await (await problem('port renders to 70000')).first().waitFor({ timeout: 30000 });
  await openFile(page, 'charts/web/values.yaml');
  const value = where('charts/web/values.yaml', 'port: 70000', 6);
  await goTo(page, value.line, value.column);
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30000 });
  await shot('12-values-line');
});
