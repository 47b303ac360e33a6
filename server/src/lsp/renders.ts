/**
 * The language server's render scheduler: units rendered in the background, two tools at a time
 * (the renderer's limiter), one renderer per workspace folder with the settings it was made with.
 * A unit asked for again cancels its running render; unchanged inputs come from the renderer's
 * cache (in memory, and on disk when the server has a cache folder). Its own state is the jobs
 * under way and the count of the current wave; each landed render goes to the server to apply
 * and publish.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RenderOutcome, RenderUnit } from '../core/units/repository';
import type { RenderStore } from '../node/cache';
import { defaultRenderLimits, UnitRenderer } from '../node/render/renderer';
import type { ServerSettings } from '../protocol';
import { toAnalysisSettings } from './convert';

export interface RenderHost {
  /** The effective settings of a folder ('': the editor's). */
  folderSettings(key: string): ServerSettings;
  /** The folder (its URI, '' outside every folder) a file belongs to. */
  folderKeyOf(uri: string): string;
  trusted(): boolean;
  /** The open documents' text, which a render uses where it differs from the disk. */
  unsaved(): ReadonlyMap<string, string>;
  /** The render outputs kept on disk, when the server has a cache folder. */
  store(): RenderStore | undefined;
  displayPath(uri: string): string;
  log(message: string): void;
  error(message: string): void;
  /** Whether the index still knows a unit. */
  exists(unitId: string): boolean;
  /** A render landed: apply it and publish. Not called for a cancelled render or a unit gone. */
  landed(unit: RenderUnit, outcome: RenderOutcome): void;
  /** The set of renders under way changed. */
  changed(): void;
}

export class RenderScheduler {
  /** One renderer per folder ('' outside them), with the settings it was made with. */
  private readonly renderers = new Map<string, { key: string; renderer: UnitRenderer }>();
  /** Renders under way, by unit id, so a newer request for the same unit cancels the older. */
  private readonly jobs = new Map<string, { controller: AbortController; unit: RenderUnit }>();
  /** Units asked for since rendering last began, and how many of them are done. */
  private current = { done: 0, total: 0 };

  constructor(private readonly host: RenderHost) {}

  isRendering(unitId: string): boolean {
    return this.jobs.has(unitId);
  }

  running(): RenderUnit[] {
    return [...this.jobs.values()].map((job) => job.unit);
  }

  /** Of the units asked for since rendering last began, how many are done. */
  wave(): { done: number; total: number } {
    return { ...this.current };
  }

  /** The units whose folder's render settings changed since their renderer was made; those renderers are dropped. */
  settingsChanged(units: readonly RenderUnit[]): RenderUnit[] {
    const changed = new Set<string>();
    for (const [key, entry] of [...this.renderers]) {
      if (entry.key === renderKey(this.host.folderSettings(key))) continue;
      this.renderers.delete(key);
      changed.add(key);
    }
    return units.filter((unit) => changed.has(this.host.folderKeyOf(unit.rootFile)));
  }

  /** Renders units in the background; each result goes to the host as it lands. */
  schedule(units: readonly RenderUnit[]): void {
    if (this.jobs.size === 0) this.current = { done: 0, total: 0 };
    for (const unit of units) {
      // A unit asked for again while it renders replaces its job; it counts once.
      if (!this.jobs.has(unit.id)) this.current.total++;
      this.jobs.get(unit.id)?.controller.abort();
      const job = { controller: new AbortController(), unit };
      this.jobs.set(unit.id, job);
      void this.render(job).catch((error) => this.host.error(`rendering ${unit.rootFile} failed: ${String(error)}`));
    }
    if (units.length > 0) this.host.changed();
  }

  private async render(job: { controller: AbortController; unit: RenderUnit }): Promise<void> {
    const { unit, controller } = job;
    const host = this.host;
    let outcome: RenderOutcome;
    if (!this.settingsOf(unit.rootFile).render) outcome = { status: 'off' };
    else if (!host.trusted()) outcome = { status: 'failed', code: 'render/untrusted', message: 'the workspace is not trusted, so helm and kustomize are not run on it: kustomizations are approximated and chart templates skipped until you trust it' };
    else {
      const started = Date.now();
      const result = await this.rendererFor(unit).render(unit, controller.signal, host.unsaved());
      const name = `${host.displayPath(unit.rootFile)}${unit.variant ? ` with ${path.basename(unit.variant)}` : ''}`;
      // The tool's own time and the wait for a free slot are told apart; a render a newer edit replaced is cancelled, not failed.
      const waited = Math.max(0, Date.now() - started - result.toolMs);
      if (controller.signal.aborted) host.log(`render of ${name} cancelled: a newer edit asked for it again`);
      else if (!result.cached) host.log(`rendered ${name} in ${result.toolMs} ms${waited >= 50 ? ` (after ${waited} ms waiting for other renders)` : ''} (${result.outcome.status})`);
      outcome = result.outcome;
    }
    if (this.jobs.get(unit.id) !== job) return;
    this.jobs.delete(unit.id);
    this.current.done++;
    if (controller.signal.aborted || !host.exists(unit.id)) {
      host.changed();
      return;
    }
    host.landed(unit, outcome);
  }

  private settingsOf(uri: string): ServerSettings {
    return this.host.folderSettings(this.host.folderKeyOf(uri));
  }

  private rendererFor(unit: RenderUnit): UnitRenderer {
    const key = this.host.folderKeyOf(unit.rootFile);
    const settings = this.host.folderSettings(key);
    const wanted = renderKey(settings);
    let entry = this.renderers.get(key);
    if (!entry || entry.key !== wanted) this.renderers.set(key, (entry = { key: wanted, renderer: this.createRenderer(settings) }));
    return entry.renderer;
  }

  private createRenderer(settings: ServerSettings): UnitRenderer {
    const seconds = typeof settings.renderTimeoutSeconds === 'number' && settings.renderTimeoutSeconds > 0 ? Math.min(settings.renderTimeoutSeconds, 600) : defaultRenderLimits.timeoutMs / 1000;
    const helm = typeof settings.helm === 'object' && settings.helm !== null ? settings.helm : {};
    const kustomize = typeof settings.kustomize === 'object' && settings.kustomize !== null ? settings.kustomize : {};
    const store = this.host.store();
    return new UnitRenderer(
      {
        helmPath: typeof helm.path === 'string' && helm.path !== '' ? helm.path : undefined,
        kustomizePath: typeof kustomize.path === 'string' && kustomize.path !== '' ? kustomize.path : undefined,
        releaseName: typeof helm.releaseName === 'string' && helm.releaseName !== '' ? helm.releaseName : undefined,
        namespace: toAnalysisSettings(settings).defaultNamespace,
        timeoutMs: seconds * 1000,
        maxOutputBytes: defaultRenderLimits.maxOutputBytes,
        concurrency: defaultRenderLimits.concurrency,
        ...(store ? { store } : {}),
      },
      { toFs: (uri) => (uri.startsWith('file:') ? fileURLToPath(uri) : uri), fromFs: (file) => pathToFileURL(file).toString() },
    );
  }
}

/** The settings a render depends on, as one string. */
function renderKey(settings: ServerSettings): string {
  return JSON.stringify({ render: settings.render, timeout: settings.renderTimeoutSeconds, helm: settings.helm, kustomize: settings.kustomize, namespace: settings.defaultNamespace });
}
