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
import { iptablesChains, iptablesEndpointChain, nftablesChains } from '../../server/src/core/proxy/names';

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
    lines.push(`# ${service.id}`, ...serviceRecords(service, matchedWorkloads(index, service)).map(recordText));
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
