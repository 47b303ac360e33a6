import { join } from 'node:path';
import { LspClient } from '../test/lsp/lspClient';
const folder = process.argv[2];
const cache = process.argv[3];
const prof = process.argv[4];
(async () => {
  const args = [...(process.env.STRACE ? ['strace', '-f', '-c', '-o', '/tmp/st.txt'] : []), process.execPath, ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), join(__dirname, '..', 'dist', 'server.js'), '--stdio'];
  const client = new LspClient(args);
  const started = performance.now();
  await client.initialize(folder, { initializationOptions: { debounceMs: 0, cacheLocation: cache } });
  await client.until(() => client.notifications.some((note) => note.method === 'k8sRoute/indexState' && !note.params.indexing && note.params.files >= 20000));
  console.log('index done ms', Math.round(performance.now() - started));
  for (const n of client.notifications.filter((n) => n.method === 'window/logMessage').slice(-6)) console.log(n.params.message.slice(0, 300));
  await client.stop();
})();
