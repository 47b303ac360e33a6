/**
 * The language server's lens and navigation room: the code lenses (a Service's route summary and
 * its "Show route", a listener's attached routes, "Send a request…") and go to definition and
 * find references, on plain files and on the template, patch or base lines that rendered objects
 * came from. It reads the repository index and the open documents it is given, and keeps no state
 * of its own.
 */
import type { CancellationToken, CodeLens, Location, TextDocumentPositionParams } from 'vscode-languageserver';
import type { Locale } from '../core/features/explain';
import { lensWords, serviceLenses, unitLabelIn } from '../core/features/lens';
import { definitionAt, referencesAt } from '../core/features/navigation';
import { listenerLenses } from '../core/gateway/features';
import { requestLensSpans } from '../core/gateway/requestEditor';
import { LineIndex } from '../core/text';
import { toRange } from './convert';
import { placeAt } from './room';
import type { Room } from './room';

export interface LensRoom extends Room {
  /** The language of hovers, which lenses speak too. */
  locale(): Locale;
  /** How a route request names a plain Service's scope, when several scopes hold objects. */
  scopeTarget(key: string): string | undefined;
}

export function registerLensAndNavigation(room: LensRoom): void {
  const { connection, index, documentFor, guard, locale, scopeTarget } = room;

  connection.onCodeLens((params, token): CodeLens[] =>
    guard('code lens', [], token, () => {
      const uri = params.textDocument.uri;
      const document = documentFor(uri);
      if (!document) return [];
      const lenses: CodeLens[] = [];
      // Lenses speak the language of the hovers.
      const language = locale();
      const words = lensWords[language];
      const lens = (span: { start: number; end: number }, summary: string, target: { namespace: string; name: string; unit?: string; file?: string }): void => {
        const range = toRange(span, document.lines);
        lenses.push({ range, command: { title: summary, command: '' } }, { range, command: { title: words.showRoute, command: 'k8sRoute.showRoute', arguments: [target] } });
      };
      const listenerLens = (span: { start: number; end: number }, title: string): void => {
        lenses.push({ range: toRange(span, document.lines), command: { title, command: '' } });
      };
      // "Send a request…" above each Gateway, HTTP or gRPC route and Ingress, once per line.
      const requestLines = new Set<number>();
      const requestLens = (span: { start: number; end: number }): void => {
        const range = toRange(span, document.lines);
        if (requestLines.has(range.start.line)) return;
        requestLines.add(range.start.line);
        lenses.push({ range, command: { title: words.sendRequest, command: 'k8sRoute.sendRequest', arguments: [{ uri, position: range.start }] } });
      };
      const plain = index.plainIndexOf(uri);
      if (plain) {
        // Where several folders or clusters are indexed, the lens names the scope of its Service.
        const scope = scopeTarget(index.scopeKeyOf(uri));
        // The file tells this Service from same-named ones in other files and folders.
        for (const item of serviceLenses(plain, uri, language)) lens(item.span, item.summary, { namespace: item.service.namespace, name: item.service.object.name ?? '', ...(scope ? { unit: scope } : {}), file: uri });
        for (const item of listenerLenses(plain, uri, words.routes)) listenerLens(item.span, item.title);
        for (const span of requestLensSpans(plain, uri)) requestLens(span);
        return lenses;
      }
      // A Service rendered by several units (variants, overlays) gets one lens, from the first, naming how many.
      const seen = new Map<number, number>();
      const listenerLines = new Set<number>();
      const byLine: Array<{ line: number; span: { start: number; end: number }; summary: string; target: { namespace: string; name: string; unit: string } }> = [];
      for (const unit of index.unitsOf(uri)) {
        const unitIndex = index.unitIndex(unit.id);
        const rendered = index.renderedPath(unit.id);
        if (!unitIndex || !rendered) continue;
        for (const span of requestLensSpans(unitIndex, rendered)) {
          const target = index.sourceOf(unit.id, span);
          if (target?.file === uri) requestLens(target.span);
        }
        for (const item of listenerLenses(unitIndex, rendered, words.routes)) {
          const target = index.sourceOf(unit.id, item.span);
          const line = target?.file === uri ? document.lines.positionAt(target.span.start).line : undefined;
          if (target && line !== undefined && !listenerLines.has(line)) {
            listenerLines.add(line);
            listenerLens(target.span, `${item.title} · ${unitLabelIn(unit.label, language)}`);
          }
        }
        for (const item of serviceLenses(unitIndex, rendered, language)) {
          const target = index.sourceOf(unit.id, item.span);
          if (!target || target.file !== uri) continue;
          const line = document.lines.positionAt(target.span.start).line;
          seen.set(line, (seen.get(line) ?? 0) + 1);
          if (seen.get(line) === 1) byLine.push({ line, span: target.span, summary: `${item.summary} · ${unitLabelIn(unit.label, language)}`, target: { namespace: item.service.namespace, name: item.service.object.name ?? '', unit: unit.id } });
        }
      }
      // A kustomize patch of a Service: the route of the Service it patches, on the patch's first line.
      if (byLine.length === 0) {
        const patchLines = new Map<number, number>();
        for (const { anchor, found } of index.patchedServices(uri)) {
          const line = document.lines.positionAt(anchor.start).line;
          patchLines.set(line, (patchLines.get(line) ?? 0) + 1);
          if (patchLines.get(line) === 1) byLine.push({ line, span: anchor, summary: `${serviceLenses(found.index, found.service.file, language).find((item) => item.service === found.service)?.summary ?? ''} · ${unitLabelIn(found.unit!.label, language)}`, target: { namespace: found.service.namespace, name: found.service.object.name ?? '', unit: found.unit!.id } });
        }
        for (const [line, count] of patchLines) seen.set(line, count);
      }
      for (const item of byLine) {
        const others = (seen.get(item.line) ?? 1) - 1;
        lens(item.span, others > 0 ? `${item.summary}${words.more(others)}` : item.summary, item.target);
      }
      return lenses;
    }),
  );

  const toLocations = (targets: ReadonlyArray<{ file: string; span: { start: number; end: number } }>): Location[] =>
    targets.flatMap((target) => {
      const source = index.source(target.file);
      return source ? [{ uri: target.file, range: toRange(target.span, new LineIndex(source.text)) }] : [];
    });

  /** Navigation from a rendered position: computed in its unit, each target carried back to its source. */
  function renderedTargets(uri: string, offset: number, navigate: typeof definitionAt): Array<{ file: string; span: { start: number; end: number } }> {
    const targets = index
      .renderedAt(uri, offset)
      .flatMap((place) => navigate(place.index, place.file, place.offset).flatMap((target) => (target.file === place.file ? [index.sourceOf(place.unit.id, target.span)].filter((item) => item !== undefined) : [target])));
    const unique = new Map(targets.map((target) => [`${target.file}:${target.span.start}`, target]));
    return [...unique.values()];
  }

  /** Go to definition and find references: the same walk, from the plain file or from what the place rendered. */
  const navigation =
    (name: string, find: typeof definitionAt) =>
    (params: TextDocumentPositionParams, token: CancellationToken): Location[] =>
      guard(name, [], token, () => {
        const at = placeAt(room, params);
        if (!at) return [];
        const plain = index.plainIndexOf(at.uri);
        return toLocations(plain ? find(plain, at.uri, at.offset) : renderedTargets(at.uri, at.offset, find));
      });
  connection.onDefinition(navigation('definition', definitionAt));
  connection.onReferences(navigation('references', referencesAt));
}
