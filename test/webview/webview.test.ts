/**
 * The route view in real Chromium (Debian's package, driven by playwright-core): the built
 * webview bundle, in the same HTML and CSP the extension serves, draws RouteModels computed by the
 * real core from manifests — every Service type, broken routes, three ports, twenty workloads, a
 * hostile label — in light and dark themes and in a narrow panel. A screenshot of each case goes
 * to test-output/webview/ for review.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { routeHtml } from '../../client/src/routeHtml';
import { drawnWalks } from '../../client/webview/pictureLayout';
import { computeRoute } from '../../server/src/core/features/route';
import { defaultSettings } from '../../server/src/core/model';
import { WorkspaceIndex } from '../../server/src/core/workspace';
import type { RouteModel } from '../../server/src/protocol/route';
import { browserExecutable } from '../browser';
import { splitFixture } from '../fixtureFormat';
import { listFiles, repoRoot } from '../helpers';

const screenshots = join(repoRoot, 'test-output', 'webview');

/** RouteModels of every Service in examples/, the route fixtures and the webview cases. */
function models(): Map<string, RouteModel> {
  const index = new WorkspaceIndex(defaultSettings);
  index.update(...listFiles(join(repoRoot, 'examples'), ['.yaml']).map((path) => ({ path: `file://${path}`, text: readFileSync(path, 'utf8') })));
  for (const fixture of [join(repoRoot, 'test', 'fixtures', 'routes', 'extras.yaml'), join(repoRoot, 'test', 'fixtures', 'routes', 'gateway.yaml'), join(repoRoot, 'test', 'webview', 'cases.yaml')]) {
    index.update(...splitFixture(readFileSync(fixture, 'utf8'), 'x.yaml').map((file) => ({ path: `file://${file.path}`, text: file.text })));
  }
  const result = new Map<string, RouteModel>();
  for (const object of index.objects()) {
    if (object.object.recognized !== 'Service') continue;
    result.set(`${object.namespace}/${object.object.name}`, computeRoute(index, object));
    result.set(`zh:${object.namespace}/${object.object.name}`, computeRoute(index, object, 2, 'zh-cn'));
  }
  return result;
}

let server: Server;
let origin = '';
let browser: Browser;
const routes = models();

before(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (url.pathname === '/harness.html' || url.pathname === '/harness-zh.html') {
      response.writeHead(200, { 'content-type': 'text/html' });
      const locale = url.pathname === '/harness-zh.html' ? 'zh-cn' : 'en';
      response.end(routeHtml({ cspSource: origin, nonce: 'harness-nonce', scriptUri: `${origin}/dist/webview/route.js`, styleUri: `${origin}/dist/webview/route.css`, codiconsUri: `${origin}/dist/webview/codicon.css`, state: { model: null, follow: false, locale } }));
      return;
    }
    const file = normalize(join(repoRoot, url.pathname));
    if (!file.startsWith(repoRoot) || relative(repoRoot, file).startsWith('..') || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const executable = await browserExecutable();
  browser = await chromium.launch({ executablePath: executable.path, ...(executable.env ? { env: executable.env } : {}), args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  mkdirSync(screenshots, { recursive: true });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

interface Harness {
  readonly page: Page;
  readonly errors: string[];
  readonly dialogs: string[];
}

async function open(theme: 'light' | 'dark' | 'high-contrast', width = 1280, deviceScaleFactor = 1, page_ = 'harness.html'): Promise<Harness> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor });
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // The recording host the bundle talks to instead of VS Code. A string, so the test's transpiler
  // adds nothing to it; `__name` is the helper it adds to the functions passed to evaluate().
  await page.addInitScript(`
    globalThis.__name = (target) => target;
    const posted = [];
    window.k8sRoutePosted = posted;
    window.k8sRouteHost = { postMessage: (message) => posted.push(message), getState: () => undefined, setState: () => undefined };
  `);
  await page.goto(`${origin}/${page_}`);
  await page.addStyleTag({ url: `${origin}/test/webview/theme-${theme}.css` });
  await page.waitForFunction(() => ((window as unknown as { k8sRoutePosted: Array<{ type: string }> }).k8sRoutePosted ?? []).some((message) => message.type === 'ready'));
  return { page, errors, dialogs };
}

/** Shows a Service's route: as the list of steps (the view every port's hops are checked in), or as the picture. */
async function show(harness: Harness, name: string, view: 'steps' | 'picture' = 'steps'): Promise<RouteModel> {
  const model = routes.get(name);
  assert.ok(model, `no route for ${name}`);
  await harness.page.evaluate((data) => window.postMessage({ type: 'route', model: data, follow: false }, '*'), model);
  if (view === 'steps') {
    await harness.page.click('#view-steps');
    await harness.page.waitForFunction((service) => document.querySelector('svg.route')?.getAttribute('aria-label') === `Route of Service ${service}`, name);
  } else {
    await harness.page.click('#view-picture');
    await harness.page.waitForFunction((service) => document.querySelector('svg.picture')?.getAttribute('aria-label')?.startsWith(`Cluster picture of Service ${service},`), name);
  }
  return model;
}

async function structure(page: Page): Promise<Array<{ title: string; hops: Array<{ kind: string; status: string; text: string }> }>> {
  return page.$$eval('svg.route g.lane', (lanes) =>
    lanes.map((lane) => ({
      title: lane.querySelector('.lane-title')?.textContent ?? '',
      hops: [...lane.querySelectorAll('g.hop')].map((hop) => ({
        kind: hop.getAttribute('data-kind') ?? '',
        status: [...hop.classList].find((name) => name.startsWith('status-')) ?? '',
        text: [...hop.querySelectorAll('text.label')].map((text) => text.textContent).join(' '),
      })),
    })),
  );
}

test('every Service type draws its lanes and hops, in light and dark themes', async () => {
  for (const theme of ['light', 'dark'] as const) {
    const harness = await open(theme);
    for (const name of ['shop/frontend', 'shop/api', 'shop/admin', 'shop/db', 'shop/payments', 'edge/direct', 'shop/web', 'store/web', 'lab/many', 'shop/checkout']) {
      const model = await show(harness, name);
      // Several workloads fork from one trunk, and no connector runs through a box or a title.
      assert.deepEqual(await edgesThroughBoxes(harness.page), [], `${name}: connectors clear of boxes`);
      // Every finding is written whole under its hop.
      for (const hop of await harness.page.locator('svg.route g.hop').all()) {
        const index = Number(await hop.getAttribute('data-hop'));
        const lane = Number(await hop.evaluate((element) => element.closest('g.lane')!.getAttribute('data-lane')));
        const written = (await hop.locator('text.finding').allTextContents()).join(' ');
        const expected = model.lanes[lane].hops[index].findings.map((finding) => finding.message).join(' ');
        assert.equal(written.replace(/\s+/g, ' '), expected.replace(/\s+/g, ' ').trim(), `${name}: findings whole`);
      }
      if (!['shop/frontend', 'shop/api', 'shop/admin', 'shop/db', 'shop/payments', 'edge/direct', 'shop/web'].includes(name)) continue;
      const lanes = await structure(harness.page);
      assert.equal(lanes.length, model.lanes.length, `${name}: one lane per port`);
      lanes.forEach((lane, index) => {
        assert.deepEqual(lane.hops.map((hop) => hop.kind).sort(), model.lanes[index].hops.map((hop) => hop.kind).sort(), `${name}: every hop drawn`);
        assert.ok(lane.hops.every((hop) => hop.status === 'status-ok' || hop.status === 'status-warning'), `${name}: nothing broken`);
      });
      await harness.page.screenshot({ path: join(screenshots, `${name.replace('/', '-')}-${theme}.png`), fullPage: true });
    }
    // The theme really reaches the drawing: box fills differ between light and dark.
    const fill = await harness.page.$eval('g.hop rect.box', (rect) => getComputedStyle(rect).fill);
    assert.equal(fill, theme === 'light' ? 'rgb(248, 248, 248)' : 'rgb(32, 32, 32)');
    assert.deepEqual(harness.errors, []);
    await harness.page.close();
  }
});

test('the LoadBalancer route shows its concrete values in order', async () => {
  const harness = await open('dark');
  await show(harness, 'shop/frontend');
  const [lane] = await structure(harness.page);
  assert.equal(lane.title, 'port http 80/TCP · targetPort http');
  assert.deepEqual(lane.hops.map((hop) => `${hop.kind}: ${hop.text}`), [
    'client: External client',
    'loadBalancer: <external IP>:80',
    'node: <any node IP>:<allocated 30000-32767>',
    'client: In-cluster client',
    'service: ClusterIP <cluster IP>:80',
    'kubeProxy: kube-proxy',
    'pod: Deployment/frontend × 3 <pod IP>:8080',
    'container: web:8080/TCP',
  ]);
  assert.equal(await harness.page.locator('g.hop.kind-pod rect.stack').count(), 2, 'three replicas drawn as a stack');
  assert.equal(await harness.page.locator('g.hop.joins').count(), 1);
  assert.equal(await harness.page.locator('polyline.edge.bypass').count(), 1);
  await harness.page.close();
});

test('broken routes are drawn in the error colour with the finding', async () => {
  const harness = await open('light');
  for (const name of ['shop/checkout', 'shop/api-grpc']) {
    await show(harness, name);
    const broken = harness.page.locator('g.hop.status-broken');
    assert.ok((await broken.count()) >= 1, `${name} has a broken hop`);
    const stroke = await broken.first().locator('rect.box').evaluate((rect) => getComputedStyle(rect).stroke);
    assert.equal(stroke, 'rgb(161, 38, 13)', 'broken hops use --vscode-errorForeground');
    assert.match((await harness.page.locator('text.lane-title').first().getAttribute('class')) ?? '', /broken/);
    const finding = await broken.first().locator('text.finding').first().textContent();
    assert.match(finding ?? '', /^(selector app=checkout|targetPort "grpc")/);
    await harness.page.screenshot({ path: join(screenshots, `${name.replace('/', '-')}-broken.png`), fullPage: true });
  }
  await harness.page.close();
});

test('three ports and twenty workloads', async () => {
  const harness = await open('dark');
  await show(harness, 'lab/many');
  const lanes = await structure(harness.page);
  assert.deepEqual(lanes.map((lane) => lane.title), ['port http 80/TCP · targetPort http', 'port metrics 9090/TCP · targetPort 9090', 'port dns 53/UDP · targetPort 5353']);
  assert.equal(lanes[0].hops.filter((hop) => hop.kind === 'pod').length, 20);
  assert.equal(lanes[0].hops.filter((hop) => hop.kind === 'container').length, 20);
  assert.ok(lanes[0].hops.some((hop) => hop.text === 'c:8020/TCP'));
  // No two boxes overlap.
  const boxes = await harness.page.$$eval('g.lane', (groups) => groups.flatMap((group, lane) => [...group.querySelectorAll('g.hop rect.box')].map((rect) => ({ lane, ...rect.getBoundingClientRect().toJSON() }))));
  for (let first = 0; first < boxes.length; first++) {
    for (let second = first + 1; second < boxes.length; second++) {
      const a = boxes[first];
      const b = boxes[second];
      const overlap = a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
      assert.ok(!overlap, `boxes ${first} and ${second} overlap`);
    }
  }
  await harness.page.screenshot({ path: join(screenshots, 'lab-many.png'), fullPage: true });
  await harness.page.close();
});

test('a hostile label stays text', async () => {
  const harness = await open('light');
  await show(harness, 'lab/hostile');
  assert.equal(await harness.page.locator('img').count(), 0);
  assert.equal(await harness.page.locator('#drawing script').count(), 0);
  const labels = await harness.page.locator('g.hop text.label').allTextContents();
  assert.ok(labels.some((text) => text.includes('<img src=x')), `labels: ${labels.join(' | ')}`);
  await harness.page.locator('g.hop.kind-pod').hover();
  assert.match((await harness.page.locator('#details').textContent()) ?? '', /Deployment\/<img src=x onerror=alert\(1\)>/);
  assert.deepEqual(harness.dialogs, [], 'no script ran');
  await harness.page.screenshot({ path: join(screenshots, 'lab-hostile.png'), fullPage: true });
  await harness.page.close();
});

test('a NetworkPolicy that lets nobody in is a broken policy hop before the Pods', async () => {
  const harness = await open('dark');
  await show(harness, 'fenced/locked');
  const [lane] = await structure(harness.page);
  const kinds = lane.hops.map((hop) => hop.kind);
  assert.deepEqual(kinds.slice(-3), ['policy', 'pod', 'container']);
  const policy = lane.hops.find((hop) => hop.kind === 'policy')!;
  assert.equal(policy.status, 'status-broken');
  assert.match(policy.text, /nobody may connect/);
  await harness.page.locator('g.hop.kind-policy').hover();
  assert.match((await harness.page.locator('#details').textContent()) ?? '', /isolated by NetworkPolicy\/deny-all/);
  // Each deciding policy or rule is a button that opens it.
  await harness.page.locator('#details button.link', { hasText: 'NetworkPolicy/deny-all' }).click();
  const reveal = await harness.page.evaluate(() => (window as unknown as { k8sRoutePosted: Array<{ type: string; file?: string }> }).k8sRoutePosted.at(-1));
  assert.ok(reveal?.type === 'reveal' && reveal.file?.endsWith('/cases/policy.yaml'), JSON.stringify(reveal));
  await harness.page.screenshot({ path: join(screenshots, 'fenced-policy.png'), fullPage: true });
  await harness.page.close();
});

test('the policy hop lists the admin rules that decide, with their actions, in tier order, each opening its rule', async () => {
  const harness = await open('light');
  await show(harness, 'guarded/api');
  const [lane] = await structure(harness.page);
  const policy = lane.hops.find((hop) => hop.kind === 'policy')!;
  assert.equal(policy.status, 'status-ok');
  assert.match(policy.text, /1 source may connect/);
  await harness.page.locator('g.hop.kind-policy').hover();
  const details = (await harness.page.locator('#details').textContent()) ?? '';
  assert.match(details, /isolated by AdminNetworkPolicy\/quarantine, NetworkPolicy\/api-from-web, BaselineAdminNetworkPolicy\/default; allowed from guarded\/web\[Deployment\]/);
  const buttons = await harness.page.locator('#details button.link').allTextContents();
  // The admin tier first (the Deny for the untrusted namespace, then the Pass), the NetworkPolicy rule, the baseline last.
  assert.deepEqual(buttons, ['AdminNetworkPolicy/quarantine spec.ingress[0] "no-untrusted": Deny', 'AdminNetworkPolicy/quarantine spec.ingress[1] "shop-decides": Pass', 'NetworkPolicy/api-from-web spec.ingress[0]', 'BaselineAdminNetworkPolicy/default']);
  await harness.page.locator('#details button.link', { hasText: 'no-untrusted' }).click();
  const reveal = await harness.page.evaluate(() => (window as unknown as { k8sRoutePosted: Array<{ type: string; file?: string; range?: { start: { line: number } } }> }).k8sRoutePosted.at(-1));
  assert.ok(reveal?.type === 'reveal' && reveal.file?.endsWith('/cases/admin.yaml'), JSON.stringify(reveal));
  const text = splitFixture(readFileSync(join(repoRoot, 'test', 'webview', 'cases.yaml'), 'utf8'), 'x.yaml').find((file) => file.path.endsWith('/cases/admin.yaml'))!.text;
  assert.match(text.split('\n')[reveal.range!.start.line], /- name: no-untrusted/);
  await harness.page.screenshot({ path: join(screenshots, 'guarded-admin-policy.png'), fullPage: true });
  await harness.page.close();
});

test('the kube-proxy hop opens the node\'s rules: a mode switch, chain names to copy, the rules as the tools print them', async () => {
  const harness = await open('light');
  const model = await show(harness, 'shop/frontend');
  const rules = model.lanes[0].hops.find((hop) => hop.kind === 'kubeProxy')!.proxyRules!;
  await harness.page.locator('g.hop.kind-kubeProxy').first().hover();
  const details = harness.page.locator('#details');
  assert.match((await details.locator('.proxy-rules strong').textContent()) ?? '', /^Rules on node-1, as iptables-save prints them$/);
  assert.equal(await details.locator('button.mode[aria-pressed="true"]').textContent(), 'iptables');
  const text = (await details.locator('pre.rules').textContent()) ?? '';
  assert.equal(text, rules.text.iptables.join('\n'));
  assert.match(text, /^\*nat$/m);
  assert.match(text, /^-A KUBE-SERVICES -d [\d.]+\/32 -p tcp -m comment --comment "shop\/frontend:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-[A-Z2-7]{16}$/m);
  assert.deepEqual(await details.locator('ul.names code').allTextContents(), rules.names.iptables);
  assert.match((await details.locator('.examples').textContent()) ?? '', /^Example values, not fixed by the manifests: cluster IP /);
  // Copy puts one chain name on the clipboard through the host.
  const svc = rules.names.iptables.find((name) => name.startsWith('KUBE-SVC-'))!;
  await details.getByRole('button', { name: `Copy ${svc}` }).click();
  const copied = await harness.page.evaluate(() => (window as unknown as { k8sRoutePosted: unknown[] }).k8sRoutePosted.at(-1));
  assert.deepEqual(copied, { type: 'copy', text: svc, what: 'name' });
  // The mode switch, by mouse and by keyboard.
  await details.locator('button.mode', { hasText: 'nftables' }).click();
  assert.equal(await details.locator('button.mode[aria-pressed="true"]').textContent(), 'nftables');
  assert.match((await details.locator('pre.rules').textContent()) ?? '', /^add chain ip kube-proxy service-[A-Z2-7]{8}-shop\/frontend\/tcp\/http$/m);
  assert.deepEqual(await details.locator('ul.names code').allTextContents(), rules.names.nftables);
  await details.locator('button.mode', { hasText: 'IPVS' }).focus();
  await harness.page.keyboard.press('Enter');
  assert.equal(await details.locator('button.mode[aria-pressed="true"]').textContent(), 'IPVS');
  assert.match((await details.locator('pre.rules').textContent()) ?? '', /^TCP {2}[\d.]+:80 rr$/m);
  assert.match((await details.locator('pre.rules').textContent()) ?? '', /^add KUBE-CLUSTER-IP [\d.]+,tcp:80$/m);
  // Copy all rules: the mode's whole listing, as shown.
  await details.locator('button.copy-rules').click();
  const all = (await harness.page.evaluate(() => (window as unknown as { k8sRoutePosted: unknown[] }).k8sRoutePosted.at(-1))) as { type: string; text: string; what: string };
  assert.deepEqual([all.type, all.what, all.text], ['copy', 'rules', rules.text.ipvs.join('\n')]);
  // The choice stays while another hop is read.
  await harness.page.locator('g.hop.kind-service').first().hover();
  await harness.page.locator('g.hop.kind-kubeProxy').first().hover();
  assert.equal(await details.locator('button.mode[aria-pressed="true"]').textContent(), 'IPVS');
  assert.deepEqual(harness.errors, []);
  await harness.page.screenshot({ path: join(screenshots, 'kube-proxy-rules.png'), fullPage: true });
  await harness.page.close();
});

test('a Gateway in front: one entry hop per listener and route, the broken one in the error colour with its reason', async () => {
  const harness = await open('dark');
  const model = await show(harness, 'store/web');
  const [lane] = await structure(harness.page);
  const gateways = lane.hops.filter((hop) => hop.kind === 'gateway');
  assert.deepEqual(
    gateways.map((hop) => hop.status),
    ['status-ok', 'status-broken', 'status-broken'],
  );
  assert.match(gateways[0].text, /Gateway infra\/edge:https/);
  await harness.page.locator('g.hop.kind-gateway').first().hover();
  const details = (await harness.page.locator('#details').textContent()) ?? '';
  assert.match(details, /Listener https of Gateway infra\/edge takes HTTPS 443 \*\.example\.com and admits HTTPRoute\/web/);
  assert.match(details, /weight 90 of 100 \(90%\)/);
  // The listener and the rule are one click from their manifests.
  // By keyboard, the mouse parked where no hop is: moving it to the button would pass over other hops.
  await harness.page.mouse.move(1, 1);
  await harness.page.locator('#details button.link', { hasText: 'listener https' }).focus();
  await harness.page.keyboard.press('Enter');
  const reveal = await harness.page.evaluate(() => (window as unknown as { k8sRoutePosted: unknown[] }).k8sRoutePosted.at(-1));
  const listenerLink = model.lanes[0].hops.find((hop) => hop.kind === 'gateway')!.links![0];
  assert.deepEqual(reveal, { type: 'reveal', file: listenerLink.file, range: listenerLink.range });
  await harness.page.locator('g.hop.kind-gateway.status-broken rect.box').first().hover();
  assert.match((await harness.page.locator('#details').textContent()) ?? '', /NotAllowedByListeners/);
  assert.deepEqual(harness.errors, []);
  await harness.page.screenshot({ path: join(screenshots, 'gateway.png'), fullPage: true });
  await harness.page.close();
});

test('picture: a Gateway entry is a box with its listener and rule, its arrow says which requests, and its walk reaches a Pod', async () => {
  const harness = await open('light');
  const model = await show(harness, 'store/web', 'picture');
  const picture = model.lanes[0].picture!;
  // The attached entries: the HTTPS one that works and the HTTP one whose other backend has no grant.
  assert.deepEqual(picture.gateways?.map((gateway) => [gateway.entry.listener, gateway.status]), [['https · HTTPS 443 *.example.com', 'ok'], ['http · HTTP 80', 'broken']]);
  assert.equal(picture.gateways![0].address.text, picture.gateways![1].address.text, 'one Gateway, one address');
  assert.equal(await harness.page.locator('svg.picture g.element.kind-gateway[data-id="gateway:1"].status-broken').count(), 1);
  const box = harness.page.locator('svg.picture g.element.kind-gateway[data-id="gateway:0"]');
  const text = (await box.textContent()) ?? '';
  assert.match(text, /Gateway infra\/edge/);
  assert.match(text, /listener https · HTTPS 443 \*\.example\.com/);
  assert.match(text, /HTTPRoute\/web/);
  // The address is an example: drawn in italics like the other example values.
  assert.equal(await box.locator('text.example').count(), 1);
  // The walk through the Gateway: its arrow is labelled with the requests the rule takes.
  const options = await harness.page.locator('#walk-select option').allTextContents();
  const through = options.findIndex((option) => /From outside through Gateway infra\/edge · https/.test(option));
  assert.ok(through >= 0, options.join(' | '));
  await harness.page.selectOption('#walk-select', String(through));
  const walk = picture.walks[through];
  assert.equal(walk.steps[0].to, 'gateway:0');
  assert.match(walk.steps[0].destination, /^store\.example\.com\/… \[x-env: canary\] :443$/);
  const labels = await harness.page.locator(`svg.picture g.arrow.walk-${through} .arrow-text`).allTextContents();
  assert.ok(labels.some((label) => label.startsWith('store.example.com/…')), labels.join(' | '));
  for (let step = 0; step < walk.steps.length; step++) await harness.page.click('#walk-step');
  assert.match((await harness.page.locator('#packet').textContent()) ?? '', /Delivered\.$/);
  // Clicking the box opens the route's backendRef.
  await box.click();
  const reveal = await harness.page.evaluate(() => (window as unknown as { k8sRoutePosted: Array<{ type: string; file?: string }> }).k8sRoutePosted.at(-1));
  assert.ok(reveal?.type === 'reveal' && reveal.file?.endsWith('manifest.yaml'), JSON.stringify(reveal));
  // Nothing overlaps: boxes and arrow labels keep clear of each other.
  const rects = await harness.page.evaluate(() => [...document.querySelectorAll('svg.picture g.element > rect.box, svg.picture g.arrow-label > rect')].map((rect) => rect.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })));
  for (let left = 0; left < rects.length; left++) for (let right = left + 1; right < rects.length; right++) {
    const a = rects[left];
    const b = rects[right];
    const overlap = a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;
    if (overlap) await harness.page.screenshot({ path: join(screenshots, "gateway-picture-overlap.png"), fullPage: true });
    assert.ok(!overlap, `overlap: ${JSON.stringify(a)} ${JSON.stringify(b)}`);
  }
  assert.deepEqual(harness.errors, []);
  await harness.page.screenshot({ path: join(screenshots, 'gateway-picture.png'), fullPage: true });
  await harness.page.close();
});

test('picture: the three ports are named where they apply — port on the cluster IP, nodePort on the nodes, targetPort on the Pods', async () => {
  const harness = await open('light');
  const model = await show(harness, 'shop/frontend', 'picture');
  const picture = model.lanes[0].picture!;
  const lines = async (kind: string): Promise<string[]> => harness.page.locator(`svg.picture g.element.kind-${kind} > text`).allTextContents();
  assert.ok((await lines('cluster-ip')).includes(`port ${picture.clusterIP!.port}`));
  assert.ok((await lines('node')).includes(`nodePort ${picture.nodePort!.number}`));
  assert.ok((await lines('pod')).includes(`targetPort ${picture.nodes[0].pods[0].targetPort}`));
  assert.deepEqual(await pictureOverlaps(harness.page), []);
  await harness.page.close();
});

test('picture: with externalTrafficPolicy Local a node without a Pod fails the health check, drawn as expected rather than as an error', async () => {
  const harness = await open('light');
  const model = await show(harness, 'lab/edge-local', 'picture');
  const picture = model.lanes[0].picture!;
  const empty = picture.nodes.find((node) => node.pods.length === 0)!;
  assert.ok(empty?.dropsExternal);
  const box = harness.page.locator(`svg.picture g.element[data-id="node:${empty.name}"]`);
  assert.match((await box.textContent()) ?? '', /no local Pod: fails the health check/);
  assert.equal(await box.evaluate((element) => element.classList.contains('status-broken')), false);
  assert.equal(await box.evaluate((element) => element.classList.contains('drops-external')), true);
  // The walk from outside goes through a node with a Pod, and is delivered.
  const walk = picture.walks.find((candidate) => candidate.client === 'external')!;
  assert.ok(walk.steps.every((step) => step.status === 'ok'), JSON.stringify(walk.steps));
  await harness.page.close();
});

test('picture: the policy gate stands before the Pods; a walk from a chosen workload stops with reach\'s reason or is delivered, and each endpoint has its share', async () => {
  const harness = await open('light', 1000);
  const model = await show(harness, 'gate/api', 'picture');
  // The gate: a box naming the policy and a fence before the Pods, in the colour of "some".
  const gate = harness.page.locator('svg.picture g.element.kind-policy');
  assert.match((await gate.textContent()) ?? '', /policy gate.*NetworkPolicy\/api-in/);
  assert.equal(await gate.evaluate((element) => element.classList.contains('status-partial')), true);
  assert.equal(await harness.page.locator('svg.picture rect.gate.verdict-some').count(), 1);
  const fence = (await harness.page.locator('svg.picture rect.gate').boundingBox())!;
  for (const pod of await harness.page.locator('svg.picture g.element.kind-pod').all()) assert.ok(fence.x + fence.width <= (await pod.boundingBox())!.x, 'the fence stands before every Pod');
  // The client Pod is drawn inside its node's row.
  const clientPod = (await harness.page.locator('svg.picture g.element.kind-client-pod').boundingBox())!;
  const rows = await harness.page.locator('svg.picture rect.node-area').evaluateAll((areas) => areas.map((area) => area.getBoundingClientRect()).map((rect) => ({ top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right })));
  assert.ok(rows.some((row) => row.top <= clientPod.y && clientPod.y + clientPod.height <= row.bottom && row.left <= clientPod.x), 'the client Pod sits in a node row');
  const options = await harness.page.locator('#walk-select option').allTextContents();
  // An arbitrary Pod, then the workloads of the Service's namespace first.
  assert.deepEqual(options.slice(0, 4), ['From a Pod in the cluster', 'From a Pod of Deployment/api ✕', 'From a Pod of Deployment/batch ✕', 'From a Pod of Deployment/web']);
  // From batch: its own egress stops it, in reach's words.
  await harness.page.selectOption('#walk-select', '2');
  assert.match((await harness.page.locator('svg.picture g.element.kind-client-pod').textContent()) ?? '', /Pod of Deployment\/batch/);
  for (let step = 0; step < 3; step++) await harness.page.click('#walk-step');
  assert.match((await harness.page.locator('#packet').textContent()) ?? '', /Stops here: egress of Deployment\/batch: isolated by NetworkPolicy\/batch-out, and no rule allows 8080\/TCP\.$/);
  // From web: delivered; the DNAT fans out to all three Pods, a third each.
  await harness.page.selectOption('#walk-select', '3');
  const web = model.lanes[0].picture!.walks[3];
  assert.equal(web.from, 'Deployment/web');
  assert.deepEqual((await harness.page.locator('svg.picture g.arrow.spread .arrow-text').allTextContents()), ['33.3%', '33.3%']);
  assert.ok((await harness.page.locator('svg.picture g.arrow:not(.spread) .arrow-text').allTextContents()).some((label) => / · DNAT · 33\.3%$/.test(label)));
  for (let step = 0; step < web.steps.length; step++) await harness.page.click('#walk-step');
  assert.match((await harness.page.locator('#packet').textContent()) ?? '', /Delivered\.$/);
  assert.deepEqual(await pictureOverlaps(harness.page), []);
  await harness.page.screenshot({ path: join(screenshots, 'picture-gate.png'), fullPage: true });
  assert.deepEqual(harness.errors, []);
  await harness.page.close();
});

test('picture: ExternalName and headless are drawn as they work — no selector box, no kube-proxy; the client connects out itself', async () => {
  const harness = await open('light');
  const external = await show(harness, 'shop/payments', 'picture');
  const picture = external.lanes[0].picture!;
  assert.equal(await harness.page.locator('svg.picture g.element.kind-no-pods').count(), 0, 'an ExternalName has no selector');
  assert.equal(await harness.page.locator('svg.picture g.element.kind-node').count(), 1, 'only the client\'s node');
  // The lines written in the boxes (their tooltips explain why kube-proxy is absent).
  const boxes = async (): Promise<string> => (await harness.page.locator('svg.picture g.element > text').allTextContents()).join(' | ');
  assert.doesNotMatch(await boxes(), /kube-proxy/);
  // DNS answers a CNAME; the connection goes from the client Pod, not from the DNS.
  assert.deepEqual(picture.walks[0].steps.map((step) => `${step.from}>${step.to}`), ['client-pod>dns', 'client-pod>external-host']);
  await show(harness, 'shop/db', 'picture');
  assert.doesNotMatch(await boxes(), /kube-proxy/, 'kube-proxy programs nothing for a headless Service');
  // The legend explains neither node ports nor a cluster IP for a headless Service.
  const legend = await harness.page.locator('.legend > div:not([hidden]) dt').allTextContents();
  assert.ok(!legend.includes('nodePort') && !legend.includes('cluster IP') && legend.includes('targetPort'), legend.join(', '));
  // A StatefulSet's Pods by name, each with its own DNS name under the governing headless Service.
  assert.match(await boxes(), /StatefulSet\/db · db-0/);
  assert.match(await boxes(), /db-0\.db\.shop\.svc/);
  assert.deepEqual(harness.errors, []);
  await harness.page.close();
});

test('several overlays render one Service: a switch in the heading posts the unit chosen', async () => {
  const harness = await open('light');
  const base = routes.get('shop/frontend')!;
  const model = { ...base, service: { ...base.service, unit: { id: 'kustomize:overlays/prod', kind: 'kustomize' as const, root: 'overlays/prod', variant: null, label: 'in overlays/prod' }, alternatives: [{ unit: 'kustomize:overlays/dev', label: 'in overlays/dev' }, { unit: 'kustomize:overlays/prod', label: 'in overlays/prod' }] } };
  await harness.page.evaluate((data) => window.postMessage({ type: 'route', model: data, follow: false }, '*'), model);
  await harness.page.waitForFunction(() => !(document.getElementById('unit-select') as HTMLSelectElement).hidden);
  assert.equal(await harness.page.$eval('#unit-select', (select) => (select as HTMLSelectElement).value), 'kustomize:overlays/prod');
  assert.deepEqual(await harness.page.locator('#unit-select option').allTextContents(), ['in overlays/dev', 'in overlays/prod']);
  await harness.page.selectOption('#unit-select', 'kustomize:overlays/dev');
  const posted = await harness.page.evaluate(() => (window as unknown as { k8sRoutePosted: unknown[] }).k8sRoutePosted.at(-1));
  assert.deepEqual(posted, { type: 'unit', unit: 'kustomize:overlays/dev' });
  // One unit only: no switch.
  await harness.page.evaluate((data) => window.postMessage({ type: 'route', model: data, follow: false }, '*'), base);
  await harness.page.waitForFunction(() => (document.getElementById('unit-select') as HTMLSelectElement).hidden);
  await harness.page.close();
});

test('a Service rendered by a unit names the unit in the heading, as text', async () => {
  const harness = await open('light');
  const model = routes.get('lab/hostile')!;
  const rendered = { ...model, service: { ...model.service, unit: { id: 'kustomize:x', kind: 'kustomize', root: 'x', variant: null, label: 'in overlays/<img src=x onerror=alert(2)>' } } };
  await harness.page.evaluate((data) => window.postMessage({ type: 'route', model: data, follow: false }, '*'), rendered);
  await harness.page.waitForFunction(() => document.getElementById('heading')?.textContent?.includes('overlays/'));
  assert.equal(await harness.page.locator('#heading').textContent(), 'Service lab/hostile · ClusterIP · in overlays/<img src=x onerror=alert(2)>');
  assert.equal(await harness.page.locator('img').count(), 0);
  assert.deepEqual(harness.dialogs, []);
  await harness.page.close();
});

test('clicking a hop, or Enter on it, posts a reveal of its source range', async () => {
  const harness = await open('dark');
  const model = await show(harness, 'shop/api-grpc');
  const podHop = model.lanes[0].hops.find((hop) => hop.kind === 'pod')!;
  await harness.page.locator('g.hop.kind-pod').first().click();
  const posted = await harness.page.evaluate(() => (window as unknown as { k8sRoutePosted: unknown[] }).k8sRoutePosted);
  assert.deepEqual(posted.at(-1), { type: 'reveal', file: podHop.file, range: podHop.range });
  await harness.page.locator('g.hop.kind-service').focus();
  await harness.page.keyboard.press('Enter');
  const afterEnter = await harness.page.evaluate(() => (window as unknown as { k8sRoutePosted: Array<{ type: string; file?: string }> }).k8sRoutePosted.at(-1));
  assert.equal(afterEnter?.type, 'reveal');
  // Tab walks the hops, each with an aria label.
  const label = await harness.page.locator('g.hop').first().getAttribute('aria-label');
  assert.match(label ?? '', /^client: In-cluster client/);
  await harness.page.close();
});

test('export: Mermaid text, a standalone SVG and a PNG', async () => {
  const harness = await open('dark');
  await show(harness, 'shop/frontend');
  const last = (): Promise<any> => harness.page.evaluate(() => (window as unknown as { k8sRoutePosted: unknown[] }).k8sRoutePosted.at(-1));
  await harness.page.click('#copy-mermaid');
  const mermaid = await last();
  assert.equal(mermaid.type, 'copy');
  assert.match(mermaid.text, /^flowchart LR\n {2}subgraph lane0\["port http 80\/TCP"\]\n/);
  assert.match(mermaid.text, /l0h6\["Deployment\/frontend × 3"\]/);
  await harness.page.click('#save-svg');
  const svg = await last();
  assert.equal(svg.format, 'svg');
  assert.match(svg.name, /^shop-frontend(-http)?\.svg$/, 'namespace, name and, for a picture, the port');
  assert.match(svg.data, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.doesNotMatch(svg.data, /var\(--vscode/, 'theme colours are resolved in the exported SVG');
  await harness.page.click('#save-png');
  await harness.page.waitForFunction(() => (window as unknown as { k8sRoutePosted: Array<{ format?: string }> }).k8sRoutePosted.some((message) => message.format === 'png'));
  const png = await last();
  assert.match(png.data, /^data:image\/png;base64,iVBORw0KGgo/);
  assert.ok(png.data.length > 10_000);
  await harness.page.close();
});

test('legible in a narrow panel and at 200% zoom', async () => {
  const narrow = await open('light', 360);
  await show(narrow, 'shop/frontend');
  const width = await narrow.page.$eval('svg.route', (svg) => svg.getBoundingClientRect().width);
  assert.ok(width <= 360, `the drawing wraps to the panel (width ${width})`);
  await narrow.page.screenshot({ path: join(screenshots, 'frontend-narrow.png'), fullPage: true });
  await narrow.page.close();
  const zoomed = await open('dark', 1280, 2);
  await show(zoomed, 'shop/frontend');
  const fontSize = await zoomed.page.$eval('g.hop text.label', (text) => getComputedStyle(text).fontSize);
  assert.equal(fontSize, '13px');
  await zoomed.page.screenshot({ path: join(screenshots, 'frontend-200.png'), fullPage: true });
  await zoomed.page.close();
});

/** Overlaps among the picture's boxes and arrow labels, from their geometry on the page. */
async function pictureOverlaps(page: Page): Promise<string[]> {
  return page.$$eval('svg.picture g.element > rect.box, svg.picture g.arrow-label > rect.label-back, svg.picture g.more-workloads > rect.box, svg.picture text.node-title, svg.picture text.zone-title', (rects) => {
    const placed = rects.map((rect) => {
      const box = rect.getBoundingClientRect();
      const owner = rect.parentElement!;
      const name = rect.tagName === 'text' ? `title ${rect.textContent}` : (owner.getAttribute('data-id') ?? owner.textContent ?? '?');
      return { name, left: box.left, top: box.top, right: box.right, bottom: box.bottom };
    });
    const found: string[] = [];
    for (let a = 0; a < placed.length; a++) {
      for (let b = a + 1; b < placed.length; b++) {
        const [left, right] = [placed[a], placed[b]];
        if (left.left < right.right - 0.5 && right.left < left.right - 0.5 && left.top < right.bottom - 0.5 && right.top < left.bottom - 0.5) found.push(`${left.name} × ${right.name}`);
      }
    }
    return found;
  });
}

/** Steps-view connectors that run through a box (or the lane's title) other than the two they join. */
async function edgesThroughBoxes(page: Page): Promise<string[]> {
  return page.$$eval('svg.route g.lane', (lanes) =>
    lanes.flatMap((lane) => {
      const boxes = [...lane.querySelectorAll('g.hop')].map((hop) => {
        const move = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(hop.getAttribute('transform') ?? '')!;
        const rect = hop.querySelector('rect.box')!;
        return { hop: hop.getAttribute('data-hop'), left: Number(move[1]), top: Number(move[2]), right: Number(move[1]) + Number(rect.getAttribute('width')), bottom: Number(move[2]) + Number(rect.getAttribute('height')), name: hop.getAttribute('aria-label') ?? '' };
      });
      const title = lane.querySelector('text.lane-title')!;
      const titleBox = { hop: 'title', left: Number(title.getAttribute('x')), top: Number(title.getAttribute('y')) - 12, right: Number(title.getAttribute('x')) + (title as SVGTextElement).getComputedTextLength(), bottom: Number(title.getAttribute('y')) + 3, name: 'the lane title' };
      return [...lane.querySelectorAll('polyline.edge')].flatMap((edge) => {
        const numbers = (edge.getAttribute('points') ?? '').split(/[\s,]+/).map(Number);
        const ends = [edge.getAttribute('data-from'), edge.getAttribute('data-to')];
        const crossed: string[] = [];
        for (let index = 0; index + 3 < numbers.length; index += 2) {
          const [x1, y1, x2, y2] = numbers.slice(index, index + 4);
          for (const box of [...boxes, titleBox]) {
            if (ends.includes(box.hop)) continue;
            // Strictly inside, a pixel in from each side.
            if (Math.max(x1, x2) > box.left + 1 && Math.min(x1, x2) < box.right - 1 && Math.max(y1, y2) > box.top + 1 && Math.min(y1, y2) < box.bottom - 1) crossed.push(`${ends.join('→')} crosses ${box.name.slice(0, 60)}`);
          }
        }
        return crossed;
      });
    }),
  );
}

/** Arrow labels farther than a few pixels from their own arrow's line, in the picture's units. */
async function labelsOffTheirArrows(page: Page): Promise<string[]> {
  return page.$$eval('svg.picture g.arrow', (arrows) =>
    arrows.flatMap((arrow) => {
      const numbers = (arrow.querySelector('polyline')?.getAttribute('points') ?? '').split(/[\s,]+/).map(Number);
      const move = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(arrow.querySelector('.arrow-label')?.getAttribute('transform') ?? '');
      const back = arrow.querySelector('.label-back');
      if (!move || !back) return [];
      const box = { left: Number(move[1]), top: Number(move[2]), right: Number(move[1]) + Number(back.getAttribute('width')), bottom: Number(move[2]) + Number(back.getAttribute('height')) };
      let nearest = Number.POSITIVE_INFINITY;
      for (let index = 0; index + 3 < numbers.length; index += 2) {
        const [x1, y1, x2, y2] = numbers.slice(index, index + 4);
        // Distance from an axis-parallel segment to the label's box.
        const dx = Math.max(0, box.left - Math.max(x1, x2), Math.min(x1, x2) - box.right);
        const dy = Math.max(0, box.top - Math.max(y1, y2), Math.min(y1, y2) - box.bottom);
        nearest = Math.min(nearest, Math.hypot(dx, dy));
      }
      return nearest > 8 ? [`${arrow.querySelector('.arrow-text')?.textContent ?? ''} is ${Math.round(nearest)} from its arrow`] : [];
    }),
  );
}

/**
 * The labels the picture's arrows should carry: every step between two drawn elements of the
 * walks drawn, with its rewrite and, where it picks among endpoints, its share; and the share of
 * each other endpoint the chosen walk's step may pick.
 */
function expectedArrowLabels(model: RouteModel, lane: number, walk = 0): string[] {
  const picture = model.lanes[lane].picture!;
  const box = (id: string): string => (id.startsWith('container:') ? `pod:${id.slice('container:'.length)}` : id.startsWith('kube-proxy:') ? `node:${id.slice('kube-proxy:'.length)}` : id);
  return drawnWalks(picture, walk)
    .flatMap((index) =>
      picture.walks[index].steps
        .filter((step) => box(step.from) !== box(step.to))
        .flatMap((step) => [[step.destination, ...(step.rewrite ? [step.rewrite] : []), ...(step.share && step.spread ? [step.share] : [])].join(' · '), ...(index === walk ? (step.spread ?? []).map((other) => other.share) : [])]),
    )
    .sort();
}

test('picture: every Service type and traffic policy, every port, three themes: no overlaps, every arrow labelled with the destination at its step', async () => {
  for (const theme of ['light', 'dark', 'high-contrast'] as const) {
    const harness = await open(theme);
    for (const name of ['shop/frontend', 'shop/api', 'shop/admin', 'shop/db', 'shop/payments', 'shop/checkout', 'shop/api-grpc', 'fenced/locked', 'store/web', 'lab/many']) {
      const model = await show(harness, name, 'picture');
      for (let lane = 0; lane < model.lanes.length; lane++) {
        if (lane > 0) {
          await harness.page.locator('#tabs button').nth(lane).click();
          await harness.page.waitForFunction((index) => document.querySelectorAll('#tabs button')[index]?.getAttribute('aria-selected') === 'true', lane);
        }
        assert.deepEqual(await pictureOverlaps(harness.page), [], `${name} port ${lane}: nothing overlaps`);
        const labels = (await harness.page.locator('svg.picture g.arrow-label text').allTextContents()).sort();
        assert.deepEqual(labels, expectedArrowLabels(model, lane), `${name} port ${lane}: arrow labels`);
        assert.deepEqual(await labelsOffTheirArrows(harness.page), [], `${name} port ${lane}: every label on its arrow`);
      }
      if (theme !== 'light') continue;
      // For review: the whole picture, not the panel's scrolled window onto it.
      await harness.page.evaluate(() => Object.assign(document.getElementById('drawing')!.style, { maxHeight: 'none', overflow: 'visible' }));
      await harness.page.locator('svg.picture').screenshot({ path: join(screenshots, `picture-${name.replace('/', '-')}.png`) });
      await harness.page.evaluate(() => Object.assign(document.getElementById('drawing')!.style, { maxHeight: '', overflow: '' }));
    }
    assert.deepEqual(harness.errors, []);
    await harness.page.screenshot({ path: join(screenshots, `picture-${theme}.png`), fullPage: true });
    await harness.page.close();
  }
});

test('picture: the addresses of the path, example values marked, nodes that drop traffic with Local policy', async () => {
  const harness = await open('light');
  const model = await show(harness, 'shop/frontend', 'picture');
  const picture = model.lanes[0].picture!;
  const [external] = picture.walks;
  assert.equal(external.client, 'external');
  // Client → load balancer → node port → Pod: the destination at each step.
  assert.deepEqual(external.steps.map((step) => step.destination).slice(0, 2), [`${picture.loadBalancer!.address.text}:80`, `${picture.nodes[0].ip.text}:${picture.nodePort!.number}`]);
  assert.match(external.steps[2].destination, /^10\.244\.\d+\.\d+:8080$/);
  assert.match(external.steps[2].note, /client address 203\.0\.113\.7 is kept \(externalTrafficPolicy: Local\)/);
  assert.equal(external.steps[2].rewrite, 'DNAT');
  // With externalTrafficPolicy Cluster, kube-proxy also rewrites the source to the node's address.
  const admin = routes.get('shop/admin')!.lanes[0].picture!.walks[0];
  const snat = admin.steps.find((step) => step.rewrite === 'DNAT+SNAT')!;
  assert.match(snat.source, /^192\.168\.0\.10:/);
  assert.match(snat.note, /SNAT, externalTrafficPolicy: Cluster/);
  // Example values are drawn in the example style.
  const examples = await harness.page.locator('svg.picture text.example').allTextContents();
  assert.ok(examples.includes(`${picture.clusterIP!.address.text}:80`) && examples.some((text) => /^10\.244\./.test(text)), examples.join(' | '));
  assert.ok(await harness.page.locator('svg.picture text.matched', { hasText: '8080/TCP' }).count() >= 1, 'the matched container port is highlighted');
  // The exported SVG says which Service it shows, with full labels.
  await harness.page.click('#save-svg');
  const exported = await harness.page.evaluate(() => (window as unknown as { k8sRoutePosted: Array<{ data?: string }> }).k8sRoutePosted.at(-1)!.data!);
  assert.match(exported, /Service shop\/frontend · port http 80\/TCP · LoadBalancer/);
  // Example values stay in italics, and the file says what italics mean.
  assert.match(exported, /font-style:italic/);
  assert.match(exported, /Values in italics are examples/);
  assert.doesNotMatch(exported, /…/);
  // Every port in one file, each with its hops, and the legend of the type under them.
  await show(harness, 'shop/api', 'picture');
  await harness.page.click('#save-svg');
  const both = await harness.page.evaluate(() => (window as unknown as { k8sRoutePosted: Array<{ data?: string; name?: string }> }).k8sRoutePosted.at(-1)!);
  assert.equal(both.name, 'shop-api-http-metrics.svg');
  assert.match(both.data!, /port http 80\/TCP[\s\S]*port metrics 9464\/TCP/);
  assert.match(both.data!, /cluster IP \(virtual\)[\s\S]*cluster IP \(virtual\)/);
  assert.match(both.data!, />targetPort: The port on each Pod/);
  assert.doesNotMatch(both.data!, />nodePort: /, 'a ClusterIP has no node port to explain');
  await harness.page.close();
});

test('picture: the packet walk reaches the container, and stops at a broken hop', async () => {
  const harness = await open('dark');
  const model = await show(harness, 'shop/api', 'picture');
  const walk = model.lanes[0].picture!.walks[0];
  for (let step = 0; step < walk.steps.length; step++) await harness.page.click('#walk-step');
  const delivered = (await harness.page.locator('#packet').textContent()) ?? '';
  assert.match(delivered, new RegExp(`^Step ${walk.steps.length}/${walk.steps.length}: source .* → destination ${walk.steps.at(-1)!.destination.replace(/\./g, '\\.')}\..* Delivered\.$`));
  assert.equal(await harness.page.locator('circle.packet').getAttribute('visibility'), 'visible');
  // One more Step does nothing after the last.
  await harness.page.click('#walk-step');
  assert.equal(await harness.page.locator('#packet').textContent(), delivered);
  const broken = await show(harness, 'shop/checkout', 'picture');
  // A selector that matches nothing: the empty slot names the closest workload.
  assert.match((await harness.page.locator('svg.picture g.element.kind-no-pods').textContent()) ?? '', /no Pod matches the selector.*closest/);
  const brokenWalk = broken.lanes[0].picture!.walks[0];
  const stop = brokenWalk.steps.findIndex((step) => step.status === 'broken');
  assert.ok(stop >= 0);
  await harness.page.click('#walk-play');
  await harness.page.waitForFunction(() => document.getElementById('walk-play')?.textContent === 'Play', undefined, { timeout: 10000 });
  const stopped = (await harness.page.locator('#packet').textContent()) ?? '';
  assert.match(stopped, new RegExp(`^Step ${stop + 1}/${brokenWalk.steps.length}: .*Stops here`));
  assert.equal(await harness.page.locator('#packet').getAttribute('class'), 'broken');
  assert.ok((await harness.page.locator('circle.packet').getAttribute('class'))?.includes('broken'));
  await harness.page.close();
});

test('picture: keyboard only — port tabs, the walk, zoom and a hop\'s source', async () => {
  const harness = await open('light');
  const model = await show(harness, 'lab/many', 'picture');
  await harness.page.focus('#tabs button[aria-selected="true"]');
  await harness.page.keyboard.press('ArrowRight');
  assert.equal(await harness.page.locator('#tabs button[aria-selected="true"]').textContent(), `${model.lanes[1].port.name} ${model.lanes[1].port.port}/${model.lanes[1].port.protocol}`);
  assert.equal(await harness.page.evaluate(() => document.activeElement?.getAttribute('aria-selected')), 'true');
  // Tab to Step, Enter.
  for (let press = 0; press < 12 && (await harness.page.evaluate(() => document.activeElement?.id)) !== 'walk-step'; press++) await harness.page.keyboard.press('Tab');
  await harness.page.keyboard.press('Enter');
  assert.match((await harness.page.locator('#packet').textContent()) ?? '', /^Step 1\//);
  // Zoom in with + on the focused picture, back with 0.
  await harness.page.focus('svg.picture');
  const before = Number(await harness.page.locator('svg.picture').getAttribute('height'));
  await harness.page.keyboard.press('+');
  assert.ok(Number(await harness.page.locator('svg.picture').getAttribute('height')) > before);
  await harness.page.keyboard.press('0');
  assert.equal(Number(await harness.page.locator('svg.picture').getAttribute('height')), before);
  // Enter on a Pod opens its workload's template.
  const pod = harness.page.locator('svg.picture g.element.kind-pod.revealable').first();
  await pod.focus();
  await harness.page.keyboard.press('Enter');
  const reveal = await harness.page.evaluate(() => (window as unknown as { k8sRoutePosted: Array<{ type: string }> }).k8sRoutePosted.at(-1));
  assert.equal(reveal?.type, 'reveal');
  // Twenty workloads: three drawn, the rest grouped with a list on demand.
  const more = harness.page.locator('svg.picture g.more-workloads');
  assert.match((await more.textContent()) ?? '', /^\+17 more workloads, \d+ Pods$/);
  await more.focus();
  await harness.page.keyboard.press('Enter');
  assert.match((await harness.page.locator('#details').textContent()) ?? '', /^Not drawn: Deployment\//);
  assert.deepEqual(harness.errors, []);
  await harness.page.close();
});

test('picture: readable at its own size in a 400 and a 700 px panel and at 200% zoom; the panel scrolls instead of shrinking, Fit shrinks on demand', async () => {
  for (const [width, scale, name] of [[400, 1, 'narrow'], [700, 1, 'side-panel'], [1280, 2, 'zoom-200']] as const) {
    const harness = await open('dark', width, scale);
    await show(harness, 'shop/frontend', 'picture');
    const box = await harness.page.locator('svg.picture').boundingBox();
    // Text at the editor's font size (14 px in the test themes, as in VS Code), never scaled down to fit.
    const text = await harness.page.locator('svg.picture g.element text.label').first().evaluate((label) => ({ height: label.getBoundingClientRect().height, size: getComputedStyle(label).fontSize }));
    assert.equal(text.size, '14px');
    assert.ok(text.height >= 14, `labels stay readable (${text.height}px)`);
    const scroll = await harness.page.$eval('#drawing', (drawing) => ({ scrollWidth: drawing.scrollWidth, clientWidth: drawing.clientWidth }));
    if (box && box.width > width) assert.ok(scroll.scrollWidth > scroll.clientWidth, `what does not fit is scrolled to (${JSON.stringify(scroll)})`);
    assert.deepEqual(await pictureOverlaps(harness.page), []);
    // The toolbar stays one row, and so does the header: in a narrow panel the exports go behind "…".
    const tops = await harness.page.$$eval('#toolbar .group', (groups) => [...new Set(groups.map((group) => Math.round(group.getBoundingClientRect().top)))]);
    assert.equal(tops.length, 1, `toolbar rows at ${tops.join(', ')}`);
    const headerRows = await harness.page.$$eval('header > *', (items) => [...new Set(items.filter((item) => item.getBoundingClientRect().height > 0).map((item) => Math.round(item.getBoundingClientRect().top + item.getBoundingClientRect().height / 2)))]);
    assert.equal(headerRows.length, 1, `header rows at ${headerRows.join(', ')}`);
    if (width < 640) {
      assert.equal(await harness.page.locator('#save-svg').isVisible(), false);
      await harness.page.click('#more-actions');
      assert.equal(await harness.page.locator('#actions-menu').isVisible(), true);
      await harness.page.keyboard.press('ArrowDown');
      await harness.page.keyboard.press('ArrowUp');
      await harness.page.keyboard.press('Enter');
      assert.equal(await harness.page.locator('#actions-menu').isVisible(), false);
      const exported = await harness.page.evaluate(() => (window as unknown as { k8sRoutePosted: Array<{ type: string; format?: string }> }).k8sRoutePosted.at(-1));
      assert.deepEqual([exported?.type, exported?.format], ['export', 'svg']);
    } else assert.equal(await harness.page.locator('#more-actions').isVisible(), false);
    // Fit: the whole picture in the panel's width, on demand.
    await harness.page.focus('svg.picture');
    await harness.page.keyboard.press('0');
    const fitted = await harness.page.locator('svg.picture').boundingBox();
    assert.ok(fitted && fitted.width <= Math.max(width, 240) + 1, `Fit fits the panel (${fitted?.width} of ${width})`);
    await harness.page.keyboard.press('+');
    await harness.page.screenshot({ path: join(screenshots, `picture-${name}.png`), fullPage: true });
    await harness.page.close();
  }
});

/** Words a Chinese view may keep in English: Kubernetes kinds and field names, protocols, tools. */
const technicalWords = new Set(
  'Service Services Pod Pods kube proxy DNS IP IPs TCP UDP SCTP HTTP HTTPS TLS NodePort ClusterIP LoadBalancer ExternalName nodePort targetPort port containerPort clusterIP CNAME SRV DNAT SNAT NetworkPolicy AdminNetworkPolicy BaselineAdminNetworkPolicy Gateway HTTPRoute GRPCRoute TLSRoute TCPRoute UDPRoute Ingress listener Deployment StatefulSet DaemonSet ReplicaSet Job CronJob svc cluster local iptables nftables IPVS ipvs externalTrafficPolicy internalTrafficPolicy Local Cluster selector endpoints EndpointSlice SVG PNG Mermaid Helm kustomize values yaml rule spec ingress egress namespace name Kind'.split(' '),
);

/** The identifier-like values of a model (names, labels, addresses, files: no spaces), split into words. */
function identifierWords(model: unknown): Set<string> {
  const words = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      // A whole value without spaces, or a token of a sentence that is not a plain word (infra/edge, x-env:, *.example.com).
      const tokens = /\s/.test(value) ? value.split(/\s+/).filter((token) => /[^A-Za-z]/.test(token)) : [value];
      for (const token of tokens) for (const word of token.match(/[A-Za-z]+/g) ?? []) words.add(word);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(model);
  return words;
}

/** The engine's finding messages a model carries: diagnostics are written in English, as in the Problems view. */
function findingMessages(model: unknown): string[] {
  const messages: string[] = [];
  const walk = (value: unknown, key?: string): void => {
    if (typeof value === 'string' && (key === 'message' || key === 'finding' || key === 'emptySelector')) messages.push(value);
    else if (Array.isArray(value)) value.forEach((item) => walk(item));
    else if (value && typeof value === 'object') for (const [name, item] of Object.entries(value)) walk(item, name);
  };
  walk(model);
  return messages;
}

/** English words left in a Chinese text once the model's own names and values, and its findings, are taken out. */
function englishLeft(text: string, model: unknown): string[] {
  const shown = text.replace(/…$/, '').trim();
  if (shown.length > 0 && findingMessages(model).some((message) => message.includes(shown) || (shown.length > 8 && message.replace(/\s+/g, ' ').includes(shown.replace(/\s+/g, ' '))))) return [];
  const own = identifierWords(model);
  // A text cut with … may end in a cut identifier.
  const cut = text.endsWith('…') ? (text.match(/[A-Za-z]+(?=…$)/)?.[0] ?? '') : '';
  return (text.match(/[A-Za-z]{2,}/g) ?? []).filter((word) => !technicalWords.has(word) && !own.has(word) && !(word === cut && [...own].some((candidate) => candidate.startsWith(word))));
}

test('in Simplified Chinese no English word is left in the picture, the steps, the heading or the details', async () => {
  const harness = await open('light', 1280, 1, 'harness-zh.html');
  const { page } = harness;
  const found = new Map<string, Set<string>>();
  for (const [key, model] of routes) {
    if (!key.startsWith('zh:')) continue;
    for (const mode of ['picture', 'steps'] as const) {
      await page.evaluate((data) => window.postMessage({ type: 'route', model: data, follow: false }, '*'), model);
      await page.click(`#view-${mode}`);
      await page.waitForTimeout(20);
      // Each text node on its own (a legend's term and its explanation are two texts).
      const texts = await page.evaluate(() => {
        const result: string[] = [];
        for (const root of document.querySelectorAll('#drawing, #heading, .legend, #packet, #toolbar, #walk-select')) {
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, { acceptNode: (node) => (node.parentElement?.closest('title, style, script') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT) });
          for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.textContent?.trim()) result.push(node.textContent);
        }
        return result;
      });
      for (const text of texts) for (const word of englishLeft(text, model)) found.set(word, new Set([...(found.get(word) ?? []), `${key.slice(3)} ${mode}: ${text.slice(0, 80)}`]));
    }
  }
  const report = [...found].map(([word, where]) => `${word}: ${[...where].slice(0, 2).join(' | ')}`);
  assert.deepEqual(report, []);
  await page.close();
});

test('in Simplified Chinese: toolbar, legend, picture and packet walk speak Chinese, and nothing overlaps', async () => {
  const harness = await open('light', 1280, 1, 'harness-zh.html');
  const { page } = harness;
  assert.equal(await page.locator('#walk-play').textContent(), '播放');
  assert.equal(await page.locator('#view-picture').textContent(), '图示');
  assert.match((await page.locator('.legend').textContent()) ?? '', /斜体的值是示例/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  for (const name of ['shop/frontend', 'shop/api', 'shop/db', 'shop/checkout', 'lab/many']) {
    const model = routes.get(`zh:${name}`)!;
    await page.evaluate((data) => window.postMessage({ type: 'route', model: data, follow: false }, '*'), model);
    await page.click('#view-picture');
    await page.waitForFunction((service) => document.querySelector('svg.picture')?.getAttribute('aria-label')?.startsWith(`Service ${service} 端口`), name);
    assert.deepEqual(await pictureOverlaps(page), [], `${name}: nothing overlaps with Chinese captions`);
    const titles = await page.locator('svg.picture text.zone-title').allTextContents();
    assert.ok(titles.includes('集群'), `${name}: zone titles ${titles.join(', ')}`);
    const labels = (await page.locator('svg.picture g.arrow-label text').allTextContents()).sort();
    assert.deepEqual(labels, expectedArrowLabels(model, 0), `${name}: arrow labels`);
  }
  // The packet walk tells each step in Chinese.
  await page.evaluate((data) => window.postMessage({ type: 'route', model: data, follow: false }, '*'), routes.get('zh:shop/frontend')!);
  await page.click('#view-picture');
  await page.click('#walk-step');
  await page.waitForFunction(() => document.getElementById('packet')?.textContent?.startsWith('第 1/'));
  assert.match((await page.locator('#packet').textContent()) ?? '', /^第 1\/\d+ 步：源 .+ → 目的 .+。发往/);
  // The list of steps: captions and hop texts.
  await page.click('#view-steps');
  await page.waitForFunction(() => document.querySelector('svg.route')?.getAttribute('aria-label')?.startsWith('Service '));
  const captions = await page.locator('svg.route text.caption').allTextContents();
  assert.ok(captions.includes('集群 IP : port') && captions.includes('客户端'), captions.join(', '));
  // Several Pods are drawn as a stack whatever the language of the label: three replicas, and a DaemonSet.
  assert.equal(await page.locator('g.hop.kind-pod rect.stack').count(), 2);
  await page.evaluate((data) => window.postMessage({ type: 'route', model: data, follow: false }, '*'), routes.get('zh:shop/web')!);
  await page.waitForFunction(() => [...document.querySelectorAll('g.hop.kind-pod')].some((hop) => hop.textContent?.includes('每个节点')));
  assert.equal(await page.locator('g.hop.kind-pod', { hasText: '每个节点' }).locator('rect.stack').count(), 2);
  await page.screenshot({ path: join(screenshots, 'picture-zh-cn.png'), fullPage: true });
  assert.deepEqual(harness.errors, []);
  await page.close();
});
