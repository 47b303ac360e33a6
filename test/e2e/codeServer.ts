/**
 * Runs the packaged extension in a real VS Code: code-server (installed once into a cache folder
 * by test/e2e/install.sh) on 127.0.0.1 with a throwaway profile and home, driven by playwright-core
 * in Debian's Chromium. Every process is started in its own process group and stopped with it.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { browserExecutable } from '../browser';
import type { BrowserContext, Page } from 'playwright-core';
import { repoRoot, toolsDirectory } from '../helpers';

export interface Workbench {
  readonly page: Page;
  /** The copy of the workspace the editor has open. */
  readonly workspace: string;
  /** code-server's user data folder (settings, workspace storage). */
  readonly userData: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHealth(url: string, process: ChildProcess, log: () => string): Promise<void> {
  for (;;) {
    if (process.exitCode !== null) throw new Error(`code-server exited ${process.exitCode}:\n${log()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * A code-server with the extension installed, opening a copy of `source` (test/e2e/workspace by
 * default): as one folder, or, with `roots`, as a multi-root workspace of those subfolders.
 */
export async function startWorkbench(vsix: string, options: { source?: string; roots?: readonly string[] } = {}): Promise<Workbench> {
  const cache = execFileSync(join(repoRoot, 'test', 'e2e', 'install.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const node24Bin = join(cache, 'node', 'node_modules', 'node', 'bin');
  const codeServer = join(cache, 'code-server', 'node_modules', '.bin', 'code-server');
  const run = mkdtempSync(join(tmpdir(), 'k8s-route-e2e-'));
  const home = join(run, 'home');
  const user = join(run, 'user');
  const extensions = join(run, 'extensions');
  const workspace = join(run, 'workspace');
  for (const folder of [home, join(user, 'User'), extensions]) mkdirSync(folder, { recursive: true });
  cpSync(options.source ?? join(repoRoot, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  const workspaceFile = options.roots ? join(workspace, 'k8s-route.code-workspace') : undefined;
  if (workspaceFile) writeFileSync(workspaceFile, JSON.stringify({ folders: options.roots!.map((root) => ({ path: root })) }));
  // The pinned tools render the workspace's chart and kustomization, whatever the machine has on PATH.
  // code-server is a remote window: machine-scoped settings apply from its Machine settings only.
  const tools = { 'k8sRoute.helm.path': join(toolsDirectory(), 'helm'), 'k8sRoute.kustomize.path': join(toolsDirectory(), 'kubectl') };
  mkdirSync(join(user, 'Machine'), { recursive: true });
  writeFileSync(join(user, 'Machine', 'settings.json'), JSON.stringify(tools));
  writeFileSync(join(user, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true, 'telemetry.telemetryLevel': 'off', 'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false, 'update.mode': 'none', 'workbench.tips.enabled': false, 'editor.codeLens': true, 'editor.hover.delay': 100, 'security.workspace.trust.enabled': false, ...tools }));
  writeFileSync(join(run, 'config.yaml'), '');
  const env = { ...process.env, PATH: `${node24Bin}:${process.env.PATH}`, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local', 'share'), XDG_CACHE_HOME: join(home, '.cache') };
  const common = ['--config', join(run, 'config.yaml'), '--user-data-dir', user, '--extensions-dir', extensions];
  execFileSync(codeServer, [...common, '--install-extension', vsix], { env, stdio: 'pipe' });
  const port = await freePort();
  let log = '';
  const server = spawn(codeServer, [...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--reconnection-grace-time', '5'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  server.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  let context: BrowserContext | undefined;
  const stop = async (): Promise<void> => {
    await context?.close().catch(() => undefined);
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      // Already gone.
    }
    await new Promise((resolve) => (server.exitCode !== null ? resolve(undefined) : server.once('exit', resolve)));
    rmSync(run, { recursive: true, force: true });
  };
  try {
    await waitForHealth(`http://127.0.0.1:${port}/healthz`, server, () => log);
    const executable = await browserExecutable();
    context = await chromium.launchPersistentContext(join(run, 'chromium'), {
      executablePath: executable.path,
      ...(executable.env ? { env: executable.env } : {}),
      headless: true,
      viewport: { width: 1500, height: 950 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://127.0.0.1:${port}/?${workspaceFile ? `workspace=${encodeURIComponent(workspaceFile)}` : `folder=${encodeURIComponent(workspace)}`}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
    return { page, workspace, userData: user, stop };
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\ncode-server log:\n${log}`);
  }
}

/**
 * What the workbench shows, for the message of a wait that failed: the window title, the element
 * with the focus, the status bar, an open quick input and any notifications. CI keeps only the
 * test output, so this is how a timeout there tells what the screen held.
 */
export async function describeWorkbench(page: Page): Promise<string> {
  try {
    // A script in a string: tsx's helpers (__name) do not exist in the page.
    return await page.evaluate(`(() => {
      const text = (selector) => [...document.querySelectorAll(selector)].map((element) => element.innerText.trim().replace(/\\s+/g, ' ')).filter(Boolean);
      const focused = document.activeElement;
      const focus = focused ? focused.tagName.toLowerCase() + '.' + [...focused.classList].join('.') + (focused.closest('.editor-instance') ? ' in an editor' : '') + (focused.tagName === 'IFRAME' ? ' (webview)' : '') : 'none';
      const quick = '.quick-input-widget:not([style*="display: none"]) ';
      return [
        'title: ' + document.title,
        'focus: ' + focus,
        'tabs: ' + text('.tabs-container .tab').join(' | '),
        'active tab: ' + text('.tabs-container .tab.active').join(' | '),
        'status bar: ' + text('.statusbar-item').join(' | '),
        'quick input: ' + text(quick + '.quick-input-title, ' + quick + '.quick-input-message, ' + quick + '.monaco-list-row').join(' | '),
        'notifications: ' + text('.notification-toast .notification-list-item-message').join(' | '),
        'dialog: ' + text('.monaco-dialog-box').join(' | '),
      ].join('\\n');
    })()`);
  } catch (error) {
    return `(the workbench could not be described: ${error instanceof Error ? error.message : String(error)})`;
  }
}

/** An error for a wait that failed, with what the workbench showed then. */
async function withScreen(page: Page, error: unknown, doing: string): Promise<Error> {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new Error(`${doing}: ${message}\n${await describeWorkbench(page)}`);
}

/** Runs a command by its title through the command palette, retrying while the workbench settles. */
export async function runCommand(page: Page, title: string): Promise<void> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await input.waitFor({ state: 'visible' });
      // A command still finishing (closing an editor) may take the focus and close the palette again.
      await input.fill(`>${title}`, { timeout: 5000 });
      await row.waitFor({ timeout: 5000 });
      await page.keyboard.press('Enter');
      return;
    } catch {
      // The palette closed under us, or the command is not registered yet (the extension may
      // still be activating): open it again.
    }
  }
  throw await withScreen(page, new Error('not found in the palette'), `running "${title}"`);
}

/** Opens a workspace file by its path through Quick Open. */
export async function openFile(page: Page, relative: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relative);
  // Pick the row whose file name is exactly this one with the keyboard: list rows are reused as
  // results arrive, so a click can land on another file.
  const name = relative.split('/').pop()!;
  const exactName = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const focused = page.locator('.quick-input-list .monaco-list-row.focused').filter({ has: page.locator('.label-name', { hasText: exactName }) });
  await page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exactName }) }).first().waitFor({ timeout: 20000 });
  for (let moves = 0; (await focused.count()) === 0; moves++) {
    if (moves > 10) throw new Error(`${relative} never got the focus in Quick Open`);
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  // The window title names the active editor: "api.yaml - workspace - code-server" ("● " when dirty).
  await page.waitForFunction((file) => document.title.replace(/^● /, '').startsWith(`${file} - `), name, { timeout: 20000 });
}

/** Moves the cursor to a line and column (1-based) with Go to Line. */
export async function goTo(page: Page, line: number, column: number): Promise<void> {
  const status = page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).first();
  // A workbench that is still settling can drop the Enter: the whole gesture is tried again.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 5000 }).catch(() => undefined);
    await page.keyboard.press('Enter');
    try {
      await status.waitFor({ timeout: attempt < 4 ? 8000 : 15000 });
      // The cursor is there; what is typed next must reach the editor too (one CI run found the
      // focus on the page's body after Go to Line closed, and the typing was lost).
      if (await page.evaluate('!!document.activeElement?.closest(".monaco-editor")')) return;
      if (attempt >= 4) throw new Error('the editor does not have the focus');
    } catch (error) {
      if (attempt >= 4) throw await withScreen(page, error, `going to line ${line}, column ${column}`);
    }
  }
}

/**
 * Does `action` until `target` becomes visible, for workbench gestures that a busy UI can drop
 * (a key chord pressed while a widget is still opening). Waits only on the visible condition.
 */
export async function repeatUntilVisible(action: () => Promise<void>, target: import('playwright-core').Locator, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await action();
    try {
      await target.waitFor({ timeout: 6000 });
      return;
    } catch (error) {
      if (attempt >= attempts) throw await withScreen(target.page(), error, `waiting for ${String(target)}`);
    }
  }
}
