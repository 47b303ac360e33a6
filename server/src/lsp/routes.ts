/**
 * The language server's route room: "Show Service route" (the route model of the Service at a
 * position or named), why a chart or kustomization file has none, the Services view, and keeping
 * each route a panel shows up to date as the index changes. The routes the client asked for are
 * this room's own state; it reads the index and the open documents it is given.
 */
import type { Locale } from '../core/features/explain';
import { computeRoute } from '../core/features/route';
import type { Finding } from '../core/model';
import { effectiveType, isHeadless } from '../core/rules/serviceShape';
import { servicesSelecting } from '../core/rules/crossObject';
import type { IndexedObject } from '../core/routing';
import { LineIndex } from '../core/text';
import type { ScopedService } from '../core/units/scoped';
import { routeChangedNotification, routeRequest, routeUnavailableRequest, servicesRequest } from '../protocol';
import type { RouteParams, ServicesParams, ServiceSummary } from '../protocol';
import type { RouteModel } from '../protocol/route';
import type { Room } from './room';

export interface RouteRoom extends Room {
  locale(): Locale;
  /** How many example nodes a route draws for a file (k8sRoute.route.exampleNodes). */
  exampleNodes(uri: string): unknown;
  /** A file as users read it: relative to its workspace folder. */
  displayPath(uri: string): string;
  /** Whether a unit is being rendered right now. */
  isRendering(unitId: string): boolean;
}

/** Registers the route requests; the server calls `refresh` after every change it publishes. */
export function registerRoutes(room: RouteRoom): { refresh(): void; scopeTarget(key: string): string | undefined } {
  const { connection, index, documentFor, guard, locale, displayPath } = room;
  /** Routes the client asked for, by Service id, with the last model sent. */
  const trackedRoutes = new Map<string, { text: string; file: string }>();

  /**
   * Each route a panel shows follows its own Service: the same unit, scope, id and file. Another
   * Service of the same name in another file or folder is another route, never redrawn in its place.
   */
  function refresh(): void {
    for (const [key, last] of trackedRoutes) {
      const [unit, scope, id, file] = splitRouteKey(key);
      const found = index.services().find((candidate) => candidate.service.id === id && candidate.unit?.id === unit && candidate.scope === scope && candidate.service.file === file);
      const model = found ? routeOf(found) : null;
      const text = JSON.stringify(model);
      if (text === last.text) continue;
      if (model === null) trackedRoutes.delete(key);
      else trackedRoutes.set(key, { text, file: model.service.file });
      const [, namespace, name] = id.split('/');
      void connection.sendNotification(routeChangedNotification, { service: { namespace, name, ...(unit ? { unit } : {}), file: last.file }, model });
    }
  }

  function routeKey(found: ScopedService): string {
    return `${found.unit?.id ?? ''}\u0000${found.scope}\u0000${found.service.id}\u0000${found.service.file}`;
  }

  function splitRouteKey(key: string): [string | undefined, string, string, string] {
    const [unit, scope, id, file] = key.split('\u0000');
    return [unit === '' ? undefined : unit, scope, id, file];
  }

  /**
   * How a request names the scope of a plain Service (`scope:<key>` in the `unit` field), needed
   * only while several scopes hold objects; undefined otherwise.
   */
  function scopeTarget(key: string): string | undefined {
    const populated = index.plainIndexes().filter((plain) => plain.index.objectCount() > 0 || plain.key === key);
    return populated.length > 1 ? `scope:${key}` : undefined;
  }

  function routeOf(found: ScopedService): ReturnType<typeof computeRoute> {
    const nodes = room.exampleNodes(found.unit?.rootFile ?? found.service.file);
    const model = index.mapRoute(found.unit?.id, computeRoute(found.index, found.service, typeof nodes === 'number' && nodes >= 1 && nodes <= 4 ? Math.floor(nodes) : 2, locale()));
    // Same-named Services elsewhere (alternatives side by side, other folders): the panel names the file.
    const elsewhere = index.services().some((candidate) => candidate !== found && candidate.service.id === found.service.id && (candidate.service.file !== found.service.file || candidate.unit?.id !== found.unit?.id));
    // The overlays or values variants that render the same Service: the panel switches between them.
    // The same written Service (its template or base resource) rendered by each unit that reads it.
    const source = found.unit ? routeFileOf(found) : undefined;
    // Only the units that read that file can render it: the others are not looked at.
    const reading = new Set(source ? index.unitsOf(source).map((unit) => unit.id) : []);
    // Another Service written in the same file is not an alternative: the same name is asked for (each unit may put it in its own namespace).
    const units = source ? index.services().filter((candidate) => candidate.unit && reading.has(candidate.unit.id) && routeFileOf(candidate) === source && candidate.service.object.name === found.service.object.name) : [];
    const alternatives = units.length > 1 ? units.map((candidate) => ({ unit: candidate.unit!.id, label: candidate.unit!.label, namespace: candidate.service.namespace, name: candidate.service.object.name ?? '' })) : undefined;
    return elsewhere || alternatives ? { ...model, service: { ...model.service, ...(elsewhere ? { definedElsewhere: true } : {}), ...(alternatives ? { alternatives } : {}) } } : model;
  }

  connection.onRequest(routeRequest, (params: RouteParams, token): RouteModel | null =>
    guard('route', null, token, () => {
      const found = serviceFor(params);
      if (!found) return null;
      const model = routeOf(found);
      trackedRoutes.set(routeKey(found), { text: JSON.stringify(model), file: model.service.file });
      return model;
    }),
  );

  connection.onRequest(routeUnavailableRequest, (params: { textDocument?: { uri?: unknown } }, token): string | null =>
    guard('route unavailable', null, token, () => {
      const uri = params?.textDocument?.uri;
      if (typeof uri !== 'string' || index.plainIndexOf(uri)) return null;
      for (const unit of index.unitsOf(uri)) {
        const outcome = index.outcome(unit.id);
        const where = `${displayPath(unit.rootFile)} ${unit.label}`;
        if (room.isRendering(unit.id) || !outcome) return `${where} is still being rendered; try again in a moment`;
        if (outcome.status === 'failed') return `${where} could not be rendered: ${outcome.message}`;
        if (outcome.status === 'off' && unit.kind === 'helm') return `${where} is not rendered: rendering is off (k8sRoute.render)`;
      }
      return index.unitsOf(uri).length > 0 ? 'no Service is rendered from this place' : null;
    }),
  );

  /** The file a Service's route names (its source file, for a rendered one). */
  function routeFileOf(candidate: ScopedService): string {
    return candidate.unit ? (index.sourceOf(candidate.unit.id, candidate.service.object.anchorSpan)?.file ?? candidate.service.file) : candidate.service.file;
  }

  function serviceFor(params: RouteParams): ScopedService | undefined {
    if (params && 'textDocument' in params) {
      const document = documentFor(params.textDocument.uri);
      if (!document) return undefined;
      return index.serviceAt(params.textDocument.uri, document.offsetAt(params.position));
    }
    if (params && typeof params.name === 'string' && typeof params.namespace === 'string') {
      const all = index.services().filter((candidate) => candidate.service.object.name === params.name && candidate.service.namespace === params.namespace);
      // A file names one definition among same-named ones (the file its route model names).
      const inFile = typeof params.file === 'string' ? all.filter((candidate) => candidate.service.file === params.file || routeFileOf(candidate) === params.file) : [];
      const named = inFile.length > 0 ? inFile : all;
      const wanted = typeof params.unit === 'string' ? params.unit : undefined;
      if (wanted?.startsWith('scope:')) return named.find((candidate) => !candidate.unit && candidate.scope === wanted.slice('scope:'.length)) ?? named[0];
      return named.find((candidate) => (candidate.unit?.id ?? undefined) === wanted) ?? named[0];
    }
    return undefined;
  }

  /** The Services that select the workload at a position (plain, or rendered from that place). */
  function servicesOfWorkloadAt(uri: string, offset: number): Set<IndexedObject> | undefined {
    const places = index.plainIndexOf(uri) ? [{ index: index.plainIndexOf(uri)!, file: uri, offset }] : index.renderedAt(uri, offset);
    let found: Set<IndexedObject> | undefined;
    for (const place of places) {
      const workload = place.index.objects(place.file).find((object) => object.decoded.template && object.object.span.start <= place.offset && place.offset <= object.object.span.end);
      if (!workload) continue;
      found ??= new Set();
      for (const service of servicesSelecting(place.index, workload)) found.add(service);
    }
    return found;
  }

  connection.onRequest(servicesRequest, (params: ServicesParams | undefined, token): ServiceSummary[] =>
    guard('services', [], token, () => {
      // At a workload: only the Services that select it.
      const document = params?.textDocument ? documentFor(params.textDocument.uri) : undefined;
      let selecting = document && params?.position ? servicesOfWorkloadAt(params.textDocument!.uri, document.offsetAt(params.position)) : undefined;
      // Elsewhere in a file that units read (a values file, a helper): the Services those units render.
      if (document && params?.position && !selecting) {
        const uri = params.textDocument!.uri;
        const units = index.unitsOf(uri);
        // A values variant is read by its own render only (a chart's members are all its files).
        const variants = units.filter((unit) => unit.variant === uri || unit.valuesFiles?.includes(uri));
        const reading = new Set((variants.length > 0 ? variants : units).map((unit) => unit.id));
        const rendered = index.services().filter((candidate) => candidate.unit && reading.has(candidate.unit.id)).map((candidate) => candidate.service);
        if (rendered.length > 0) selecting = new Set(rendered);
      }
      if (params?.position && !selecting) return [];
      // A file's findings are gathered once, however many Services it holds.
      const findingsOf = new Map<string, Finding[]>();
      const fileFindings = (file: string): Finding[] => {
        let found = findingsOf.get(file);
        if (!found) findingsOf.set(file, (found = index.findings(file)));
        return found;
      };
      return index
        .services()
        .filter((candidate) => candidate.service.decoded.service && (!selecting || selecting.has(candidate.service)))
        .sort((left, right) => left.service.id.localeCompare(right.service.id) || (left.unit?.label ?? '').localeCompare(right.unit?.label ?? ''))
        .map((candidate) => {
          const { service: object, unit } = candidate;
          const model = object.decoded.service!;
          const ports = (model.ports?.value ?? []).map((port) => `${port.port?.value ?? '?'}${port.protocol?.value && port.protocol.value !== 'TCP' ? `/${port.protocol.value}` : ''}`).join(', ');
          const place = unit ? index.sourceOf(unit.id, object.object.anchorSpan) : { file: object.file, span: object.object.anchorSpan };
          const file = place?.file ?? object.file;
          const line = new LineIndex(index.source(file)?.text ?? '').positionAt(place?.span.start ?? 0).line;
          // A plain Service of one of several folders or clusters names its scope.
          const scope = unit ? undefined : scopeTarget(candidate.scope);
          const scopeLabel = scope ? candidate.scopeLabel : undefined;
          // The worst finding of this Service (its own object, in its file as the user reads it).
          const own = fileFindings(file).filter((finding) => finding.object === object.id);
          const status = own.some((finding) => finding.severity === 'error') ? 'error' : own.some((finding) => finding.severity === 'warning') ? 'warning' : 'ok';
          return { namespace: object.namespace, name: object.object.name ?? '', type: isHeadless(model) ? 'headless' : effectiveType(model), ports, uri: file, line, status, ...(unit ? { unit: unit.id, unitLabel: candidate.scopeLabel && scopeTarget(candidate.scope) ? `${unit.label} · ${candidate.scopeLabel}` : unit.label } : scope ? { unit: scope, ...(scopeLabel ? { unitLabel: scopeLabel } : {}) } : {}) };
        });
    }),
  );

  return { refresh, scopeTarget };
}
