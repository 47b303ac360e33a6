// One build script for every entry point. Type checking is separate (`tsc -b`).
import * as fs from 'node:fs';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js' },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The analysis pool's worker thread, which both the CLI and the server start (server/src/node/pool.ts).
  { entryPoints: ['server/src/node/analysisWorker.ts'], outfile: 'dist/worker.js' },
];

// The webview runs in a browser: its own bundle, plus its stylesheet and the codicon font.
const webview = { ...common, platform: 'browser', format: 'iife', target: 'es2020', external: [], sourcemap: !production, entryPoints: ['client/webview/main.ts'], outfile: 'dist/webview/route.js' };
entries.push(webview);
const assets = [
  ['client/webview/route.css', 'dist/webview/route.css'],
  ['node_modules/@vscode/codicons/dist/codicon.css', 'dist/webview/codicon.css'],
  ['node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/webview/codicon.ttf'],
];
// A production build (for the .vsix) starts from an empty dist/, so no stale source maps ship.
if (production) fs.rmSync('dist', { recursive: true, force: true });
fs.mkdirSync('dist/webview', { recursive: true });
for (const [from, to] of assets) fs.copyFileSync(from, to);

if (watch) {
  for (const entry of entries) {
    const context = await esbuild.context(entry === webview ? entry : { ...common, ...entry });
    await context.watch();
  }
} else {
  await Promise.all(entries.map((entry) => esbuild.build(entry === webview ? entry : { ...common, ...entry })));
}
