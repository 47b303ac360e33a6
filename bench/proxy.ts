/**
 * The kube-proxy benchmark: the rules of every Service of the generated 2,000-file workspace in
 * all three modes (iptables, nftables, IPVS), with its example endpoints, against the floor of
 * parsing the same text. What kube-proxy writes grows with endpoints × ports, so this stays
 * linear in them.
 */
import { parseAllDocuments } from 'yaml';
import { defaultSettings } from '../server/src/core/model';
import { proxyModes, rulesText, serviceRules } from '../server/src/core/proxy/rules';
import { WorkspaceIndex } from '../server/src/core/workspace';
import { generateManifests } from './generate';
import { median, now } from './lsp';

export interface ProxyBenchmark {
  readonly services: number;
  readonly lines: number;
  readonly parseMs: number;
  readonly rulesMs: number;
}

export function measureProxy(rounds: number): ProxyBenchmark {
  const files = generateManifests(2000, 42);
  const index = new WorkspaceIndex(defaultSettings);
  index.update(...files);
  const services = index.objects().filter((object) => object.object.recognized === 'Service');
  const parseTimes: number[] = [];
  const ruleTimes: number[] = [];
  let lines = 0;
  for (let round = 0; round < rounds; round++) {
    let start = now();
    for (const file of files) parseAllDocuments(file.text, { merge: true, uniqueKeys: false });
    parseTimes.push(now() - start);
    start = now();
    lines = 0;
    for (const service of services) for (const mode of proxyModes) lines += rulesText(serviceRules(index, service, mode)).length;
    ruleTimes.push(now() - start);
  }
  return { services: services.length, lines, parseMs: median(parseTimes), rulesMs: median(ruleTimes) };
}
