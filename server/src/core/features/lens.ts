/**
 * The summary shown above each Service: where its traffic goes, in one line, e.g.
 * `→ Deployment/web × 3 · 80→http(8080)`; the host adds a "Show route" action beside it.
 */
import type { Span } from '../model';
import { resolveTargetPort, shortName } from '../routing';
import type { IndexedObject } from '../routing';
import { matchedWorkloads } from '../rules/crossObject';
import { effectiveTargetPort, effectiveType, isHeadless } from '../rules/serviceShape';
import type { WorkspaceIndex } from '../workspace';
import type { Locale } from './explain';
import { replicaText } from './route';
import { routeWords } from './routeWords';

export interface ServiceLens {
  readonly service: IndexedObject;
  readonly span: Span;
  readonly summary: string;
}

export function serviceLenses(index: WorkspaceIndex, file: string, locale: Locale = 'en'): ServiceLens[] {
  return index
    .objects(file)
    .filter((object) => object.object.recognized === 'Service' && object.decoded.service)
    .map((service) => ({ service, span: service.object.anchorSpan, summary: summarize(index, service, locale) }));
}

/** The words of lenses (the host's too: its action titles and a unit's label), by language. */
export const lensWords: Readonly<Record<Locale, { byHand: string; noPods: string; headless: string; showRoute: string; sendRequest: string; more(count: number): string; routes(count: number): string; list: string }>> = {
  en: { byHand: '→ endpoints written by hand (no selector)', noPods: '→ no matching Pods', headless: ' (headless)', showRoute: 'Show route', sendRequest: 'Send a request…', more: (count) => ` (+${count} more)`, routes: (count) => `${count} route${count === 1 ? '' : 's'} attached`, list: ', ' },
  'zh-cn': { byHand: '→ 手工写入的端点（没有 selector）', noPods: '→ 没有匹配的 Pod', headless: '（headless）', showRoute: '显示流量路径', sendRequest: '发送请求…', more: (count) => `（另有 ${count} 个）`, routes: (count) => `已挂接 ${count} 条路由`, list: '、' },
};

/** A unit's label (`with values.yaml`, `in overlays/prod`, `as Flux deploys it`) in the lens's language. */
export function unitLabelIn(label: string, locale: Locale): string {
  if (locale === 'en') return label;
  return label.replace(/^with the default values$/, '使用默认 values').replace(/^with (.+)$/, '使用 $1').replace(/^in (.+)$/, '位于 $1').replace(/^as (.+) deploys it$/, '按 $1 的部署方式');
}

function summarize(index: WorkspaceIndex, service: IndexedObject, locale: Locale): string {
  const words = lensWords[locale];
  const model = service.decoded.service!;
  if (effectiveType(model) === 'ExternalName') return `→ CNAME ${model.externalName?.value ?? '?'}`;
  if ((model.selector?.value.length ?? 0) === 0) return words.byHand;
  const workloads = matchedWorkloads(index, service);
  if (workloads.length === 0) return words.noPods;
  const targets = workloads.map((workload) => `${shortName(workload)} ${replicaText(workload, routeWords(locale))}`).join(words.list);
  const ports = (model.ports?.value ?? []).map((port) => {
    const target = effectiveTargetPort(port);
    const numbers = new Set<string>();
    for (const workload of workloads) {
      const resolution = resolveTargetPort(port, workload);
      numbers.add(resolution.kind === 'resolved' ? String(resolution.port.number) : resolution.kind === 'unresolved' ? '✗' : String(target));
    }
    const resolved = [...numbers].join('|');
    return typeof target === 'string' ? `${port.port?.value ?? '?'}→${target}(${resolved})` : `${port.port?.value ?? '?'}→${resolved}`;
  });
  return `→ ${targets}${isHeadless(model) ? words.headless : ''}${ports.length > 0 ? ` · ${ports.join(words.list)}` : ''}`;
}
