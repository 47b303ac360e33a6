/**
 * kube-proxy's chain names: the hash and encoding checked against Node's own SHA-256 on random
 * text, and the names against chains seen on real clusters (kube-dns, the kubernetes Service).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeWorkspace } from '../../server/src/core/analyze';
import { defaultSettings } from '../../server/src/core/model';
import { hoverAt } from '../../server/src/core/features/hover';
import { computeRoute } from '../../server/src/core/features/route';
import { recordText, serviceRecords } from '../../server/src/core/proxy/dns';
import { base32, sha256 } from '../../server/src/core/proxy/hash';
import { matchedWorkloads } from '../../server/src/core/rules/crossObject';
import { splitFixture } from '../fixtureFormat';
import { repoRoot } from '../helpers';
import { iptablesChains, iptablesEndpointChain, nftablesChains, nftablesEndpointChains } from '../../server/src/core/proxy/names';
import { savedProbability, writtenProbability } from '../../server/src/core/proxy/iptables';
import { portSelector, proxyModes, rulesText, serviceRules } from '../../server/src/core/proxy/rules';
import { defaultProxyOptions, sliceAddresses } from '../../server/src/core/proxy/service';
import type { ProxyOptions } from '../../server/src/core/proxy/service';

test('sha256 and base32 agree with Node on any text', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (text) => {
      const expected = createHash('sha256').update(text, 'utf8').digest();
      assert.deepEqual(Buffer.from(sha256(text)), expected);
      assert.equal(base32(sha256(text)).length, 56);
    }),
    { numRuns: 500 },
  );
  // RFC 4648's test vectors.
  const bytes = (text: string) => new TextEncoder().encode(text);
  assert.deepEqual(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map((text) => base32(bytes(text))), ['', 'MY======', 'MZXQ====', 'MZXW6===', 'MZXW6YQ=', 'MZXW6YTB', 'MZXW6YTBOI======']);
});

test('iptables chain names are those real clusters show', () => {
  assert.equal(iptablesChains({ namespace: 'default', name: 'kubernetes', port: 'https', protocol: 'TCP' }).service, 'KUBE-SVC-NPX46M4PTMTKRN6Y');
  assert.equal(iptablesChains({ namespace: 'kube-system', name: 'kube-dns', port: 'dns', protocol: 'UDP' }).service, 'KUBE-SVC-TCOU7JCQXEZGVUNU');
  assert.equal(iptablesChains({ namespace: 'kube-system', name: 'kube-dns', port: 'dns-tcp', protocol: 'TCP' }).service, 'KUBE-SVC-ERIFXISQEP7F7OF4');
  assert.equal(iptablesChains({ namespace: 'kube-system', name: 'kube-dns', port: 'metrics', protocol: 'TCP' }).service, 'KUBE-SVC-JD5MR3NA4I4DYORP');
  // An unnamed port: the name is namespace/name alone.
  assert.equal(iptablesChains({ namespace: 'default', name: 'nginx', port: '', protocol: 'TCP' }).service, 'KUBE-SVC-2CMXP7HKUVJN7L6M');
  const chains = iptablesChains({ namespace: 'default', name: 'nginx', port: '', protocol: 'TCP' });
  assert.deepEqual([chains.local, chains.external, chains.firewall], ['KUBE-SVL-2CMXP7HKUVJN7L6M', 'KUBE-EXT-2CMXP7HKUVJN7L6M', 'KUBE-FW-2CMXP7HKUVJN7L6M']);
  const expected = base32(new Uint8Array(createHash('sha256').update('default/nginxtcp10.244.1.5:80').digest())).slice(0, 16);
  assert.equal(iptablesEndpointChain({ namespace: 'default', name: 'nginx', port: '', protocol: 'TCP' }, '10.244.1.5:80'), `KUBE-SEP-${expected}`);
});

test('nftables chain names: an 8-character hash, then namespace/name/protocol/port', () => {
  const chains = nftablesChains({ namespace: 'kube-system', name: 'kube-dns', port: 'dns-tcp', protocol: 'TCP' });
  assert.equal(chains.service, 'service-NWBZK7IH-kube-system/kube-dns/tcp/dns-tcp');
  assert.equal(chains.external, 'external-NWBZK7IH-kube-system/kube-dns/tcp/dns-tcp');
});

test('DNS records of every Service type, headless StatefulSets and Pods with hostname and subdomain', () => {
  const files = splitFixture(readFileSync(join(repoRoot, 'test', 'proxy', 'dns.yaml'), 'utf8'), 'x.yaml');
  const index = analyzeWorkspace(files, defaultSettings).repository.plainIndex;
  const lines: string[] = [];
  for (const service of index.objects().filter((object) => object.object.recognized === 'Service')) {
    lines.push(`# ${service.id}`, ...serviceRecords(service, matchedWorkloads(index, service), undefined, sliceAddresses(index, service)).map(recordText));
  }
  const actual = `${lines.join('\n')}\n`;
  const expected = join(repoRoot, 'test', 'proxy', 'dns.txt');
  if (process.env.UPDATE_EXPECT === '1' || !existsSync(expected)) writeFileSync(expected, actual);
  assert.equal(actual, readFileSync(expected, 'utf8'));
});

test('hover on a Service port names its SRV record and the chains to grep for on a node', () => {
  const files = splitFixture(readFileSync(join(repoRoot, 'test', 'proxy', 'dns.yaml'), 'utf8'), 'x.yaml');
  const index = analyzeWorkspace(files, defaultSettings).repository.plainIndex;
  const text = files[0].text;
  const hover = hoverAt(index, 'services.yaml', text.indexOf('port: 80, targetPort') + 7, 'en')!;
  assert.match(hover.markdown, /SRV record: `_http\._tcp\.web\.shop\.svc\.cluster\.local\.`/);
  assert.match(hover.markdown, new RegExp(`On a node: iptables \`${iptablesChains({ namespace: 'shop', name: 'web', port: 'http', protocol: 'TCP' }).service}\`, nftables \`service-[A-Z2-7]{8}-shop/web/tcp/http\``));
});

test('the cluster domain setting names Services and their records', () => {
  const files = splitFixture(readFileSync(join(repoRoot, 'test', 'proxy', 'dns.yaml'), 'utf8'), 'x.yaml');
  const index = analyzeWorkspace(files, { ...defaultSettings, clusterDomain: 'corp.internal' }).repository.plainIndex;
  const web = index.objects().find((object) => object.id === 'Service/shop/web')!;
  const service = computeRoute(index, web).lanes[0].hops.find((hop) => hop.kind === 'service')!;
  assert.match(service.detail, /DNS: web\.shop\.svc\.corp\.internal:80\./);
  assert.deepEqual(service.records, ['web.shop.svc.corp.internal. A 10.96.12.34', '_http._tcp.web.shop.svc.corp.internal. SRV 0 100 80 web.shop.svc.corp.internal.']);
});

test('chain names match kube-proxy\'s own test data', () => {
  const svc1 = { namespace: 'ns1', name: 'svc1', port: 'p80', protocol: 'tcp' };
  assert.equal(iptablesChains(svc1).service, 'KUBE-SVC-XPGD46QRK7WJZT7O');
  assert.equal(iptablesEndpointChain(svc1, '10.180.0.1:80'), 'KUBE-SEP-SXIVWICOYRO3J4NJ');
  assert.equal(nftablesChains(svc1).service, 'service-ULMVA6XW-ns1/svc1/tcp/p80');
  assert.equal(nftablesEndpointChains(svc1, '10.180.0.1', 80).chain, 'endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80');
  const svc5 = { namespace: 'ns5', name: 'svc5', port: 'p80', protocol: 'tcp' };
  assert.equal(nftablesEndpointChains(svc5, '10.180.0.3', 80).affinity, 'affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80');
  // An IPv6 endpoint is written with dots in the chain name, and hashed that way.
  const expected = base32(new Uint8Array(createHash('sha256').update('ns1/svc1/tcp/p80__fd00.10.244..5/80').digest())).slice(0, 8);
  assert.equal(nftablesEndpointChains(svc1, 'fd00:10:244::5', 80).chain, `endpoint-${expected}-ns1/svc1/tcp/p80__fd00.10.244..5/80`);
});

test('probabilities: kube-proxy writes 1/n with 10 digits, iptables-save prints what the kernel kept', () => {
  assert.deepEqual([2, 3, 4, 5].map(writtenProbability), ['0.5000000000', '0.3333333333', '0.2500000000', '0.2000000000']);
  // Real nodes print these for 2 and 3 endpoints left.
  assert.equal(savedProbability(2), '0.50000000000');
  assert.equal(savedProbability(3), '0.33333333349');
  // Independently: round(p * 2^31) / 2^31 with 11 digits.
  for (let n = 2; n < 200; n++) assert.equal(savedProbability(n), (Math.round(Number((1 / n).toFixed(10)) * 2 ** 31) / 2 ** 31).toFixed(11));
});

test('nftables: kube-proxy\'s own overall test, as manifests, gives exactly its expected lines', () => {
  const files = splitFixture(readFileSync(join(repoRoot, 'test', 'proxy', 'rules', 'kube-proxy-overall.yaml'), 'utf8'), 'x.yaml');
  const index = analyzeWorkspace(files, defaultSettings).repository.plainIndex;
  const options: ProxyOptions = { ...defaultProxyOptions, nodeName: 'test-node', nodeIPs: { IPv4: '192.168.0.2', IPv6: 'fd00::2' }, clusterCidrs: ['10.0.0.0/8'], exampleNode: false };
  const actual = index
    .objects()
    .filter((object) => object.object.recognized === 'Service')
    .flatMap((service) => serviceRules(index, service, 'nftables', options).nftables ?? []);
  const expected = readFileSync(join(repoRoot, 'test', 'proxy', 'rules', 'kube-proxy-overall.nft'), 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  assert.deepEqual([...actual].sort(), [...expected].sort());
});

test('rules of every case, in each mode, as the mode\'s own tools print them', () => {
  const files = splitFixture(readFileSync(join(repoRoot, 'test', 'proxy', 'rules', 'cases.yaml'), 'utf8'), 'x.yaml');
  const index = analyzeWorkspace(files, defaultSettings).repository.plainIndex;
  const services = index.objects().filter((object) => object.object.recognized === 'Service');
  const byName = (name: string) => services.find((service) => service.object.name === name)!;
  const withCidr: ProxyOptions = { ...defaultProxyOptions, clusterCidrs: ['10.244.0.0/16', 'fd00:10:244::/56'] };
  const masqueradeAll: ProxyOptions = { ...defaultProxyOptions, masqueradeAll: true };
  for (const mode of proxyModes) {
    const lines: string[] = [];
    for (const service of services) lines.push(`## ${service.namespace}/${service.object.name}`, ...rulesText(serviceRules(index, service, mode)), '');
    for (const name of ['cluster', 'etp-local', 'dual']) lines.push(`## shop/${name} with --cluster-cidr 10.244.0.0/16,fd00:10:244::/56`, ...rulesText(serviceRules(index, byName(name), mode, withCidr)), '');
    lines.push('## shop/cluster with --masquerade-all', ...rulesText(serviceRules(index, byName('cluster'), mode, masqueradeAll)), '');
    lines.push('## shop/nodeport, port dns only', ...rulesText(serviceRules(index, byName('nodeport'), mode, defaultProxyOptions, portSelector('dns'))), '');
    const actual = `${lines.join('\n')}`;
    const expected = join(repoRoot, 'test', 'proxy', 'rules', `cases.${mode}.txt`);
    if (process.env.UPDATE_EXPECT === '1' || !existsSync(expected)) writeFileSync(expected, actual);
    assert.equal(actual, readFileSync(expected, 'utf8'), mode);
  }
});

test('hover on type and clusterIP explains the proxy modes, and that userspace mode is gone', () => {
  const files = splitFixture(readFileSync(join(repoRoot, 'test', 'proxy', 'dns.yaml'), 'utf8'), 'x.yaml');
  const index = analyzeWorkspace(files, defaultSettings).repository.plainIndex;
  const text = files[0].text;
  for (const key of ['{type:', '  clusterIP:']) {
    const offset = text.indexOf(key) + 3;
    assert.ok(offset > 2, key);
    const english = hoverAt(index, 'services.yaml', offset, 'en')!;
    assert.match(english.markdown, /`iptables` \(the default on Linux/);
    assert.match(english.markdown, /`nftables` \(GA in 1\.33/);
    assert.match(english.markdown, /`IPVS` .*deprecated since 1\.35/);
    assert.match(english.markdown, /`userspace` mode.*was removed in Kubernetes 1\.26/);
    assert.match(hoverAt(index, 'services.yaml', offset, 'zh-cn')!.markdown, /`userspace` 模式.*已在 Kubernetes 1\.26 中移除/);
  }
});

test('the route view carries the first lines of a big Service\'s rules and says how to get the rest', () => {
  let text = '';
  for (let i = 0; i < 10; i++) text += `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w${i}, namespace: s}\nspec:\n  replicas: 16\n  selector: {matchLabels: {app: x, i: "${i}"}}\n  template:\n    metadata: {labels: {app: x, i: "${i}"}}\n    spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 8080}]}]}\n`;
  text += '---\napiVersion: v1\nkind: Service\nmetadata: {name: big, namespace: s}\nspec:\n  selector: {app: x}\n  ports: [{name: http, port: 80, targetPort: http}]\n';
  const index = analyzeWorkspace([{ path: 'big.yaml', text }], defaultSettings).repository.plainIndex;
  const big = index.objects().find((object) => object.object.name === 'big')!;
  const rules = computeRoute(index, big).lanes[0].hops.find((hop) => hop.kind === 'kubeProxy')!.proxyRules!;
  const full = rulesText(serviceRules(index, big, 'iptables')).slice(1);
  assert.equal(full.filter((line) => line.includes('-j DNAT')).length, 160);
  assert.equal(rules.text.iptables.length, 301);
  assert.deepEqual(rules.text.iptables.slice(0, 300), full.slice(0, 300));
  assert.equal(rules.text.iptables[300], `# … ${full.length - 300} more lines: k8s-route rules --service s/big prints them all`);
  assert.equal(rules.names.iptables.length, 40);
});
