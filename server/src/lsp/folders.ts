/**
 * Workspace folders as the server analyses them: each folder with the project configuration that
 * applies to it (the nearest .k8s-route.yaml from the folder up), its effective settings (what the
 * user set in the editor, over the configuration, over the defaults), the globs of the files it
 * indexes, and the scopes it is split into: one per cluster the configuration names, one for the
 * rest. Files outside every folder form the scope ''.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chartConfigOf, clusterOf, configCandidates, readProjectConfig } from '../core/config';
import type { ProjectConfig } from '../core/config';
import { globMatcher } from '../core/glob';
import type { Finding } from '../core/model';
import { sameScopeSpec } from '../core/units/scoped';
import type { ScopeSpec } from '../core/units/scoped';
import { configurationSection } from '../protocol';
import type { ServerSettings } from '../protocol';
import { defaultServerSettings, toAnalysisSettings } from './convert';

export interface LoadedConfig {
  readonly uri: string;
  /** The folder its paths are relative to. */
  readonly directory: string;
  readonly config: ProjectConfig;
  readonly findings: readonly Finding[];
}

export interface FolderState {
  readonly uri: string;
  readonly name: string;
  readonly fsPath: string;
  readonly config: LoadedConfig | undefined;
  readonly settings: ServerSettings;
  /** The folder the include and exclude globs are relative to: the configuration's when they come from it. */
  readonly globBase: string;
  readonly include: ReadonlyArray<(relative: string) => boolean>;
  readonly exclude: ReadonlyArray<(relative: string) => boolean>;
  /** Where the service CIDRs come from, for messages that depend on them. */
  readonly serviceCidrsOrigin?: string;
}

/** Editor settings (only those the user set) over the configuration over the defaults. */
export function mergeSettings(explicit: Partial<ServerSettings>, config: ProjectConfig | undefined): ServerSettings {
  const fromConfig: Partial<Record<keyof ServerSettings, unknown>> = {};
  if (config) {
    if (config.nodePortRange) fromConfig.nodePortRange = `${config.nodePortRange.min}-${config.nodePortRange.max}`;
    if (config.serviceCidrs) fromConfig.serviceCidrs = config.serviceCidrs;
    if (config.defaultNamespace) fromConfig.defaultNamespace = config.defaultNamespace;
    if (config.disabledRules) fromConfig.disabledRules = config.disabledRules;
    if (config.include) fromConfig.include = config.include;
    if (config.exclude) fromConfig.exclude = config.exclude;
    if (config.clusterDomain) fromConfig.clusterDomain = config.clusterDomain;
    if (config.render?.enabled !== undefined) fromConfig.render = config.render.enabled;
    if (config.render?.timeoutSeconds !== undefined) fromConfig.renderTimeoutSeconds = config.render.timeoutSeconds;
    if (config.helm?.releaseName) fromConfig.helm = { releaseName: config.helm.releaseName };
    if (config.route?.exampleNodes !== undefined) fromConfig.route = { exampleNodes: config.route.exampleNodes };
  }
  const given = Object.fromEntries(Object.entries(explicit).filter(([, value]) => value !== undefined && value !== null)) as Partial<ServerSettings>;
  const merged = { ...defaultServerSettings, ...fromConfig, ...given } as ServerSettings;
  // Nested settings merge key by key: a helm path set in the editor keeps the configuration's release name.
  const nested = (key: 'helm' | 'kustomize' | 'route'): Record<string, unknown> => ({ ...(defaultServerSettings[key] as object), ...((fromConfig[key] as object | undefined) ?? {}), ...(typeof given[key] === 'object' && given[key] !== null ? (given[key] as object) : {}) });
  // Lists the configuration turns off stay off when the editor turns off more.
  const disabled = [...new Set([...((fromConfig.disabledRules as string[] | undefined) ?? []), ...(Array.isArray(given.disabledRules) ? given.disabledRules : [])])];
  return { ...merged, helm: nested('helm'), kustomize: nested('kustomize'), route: nested('route'), disabledRules: disabled };
}

/** The configuration that applies to a folder: the nearest one from the folder up, read and validated. */
export function findConfig(folderPath: string, readText: (uri: string) => string | undefined): LoadedConfig | undefined {
  for (const candidate of configCandidates(folderPath.split(path.sep).join('/'))) {
    const uri = pathToFileURL(candidate).toString();
    const text = readText(uri);
    if (text === undefined) continue;
    const read = readProjectConfig({ path: uri, text });
    return { uri, directory: path.dirname(candidate), config: read.config, findings: read.findings };
  }
  return undefined;
}

export function loadFolder(folder: { uri: string; name: string }, explicit: Partial<ServerSettings>, readText: (uri: string) => string | undefined): FolderState {
  const fsPath = fileURLToPath(folder.uri);
  const config = findConfig(fsPath, readText);
  const settings = mergeSettings(explicit, config?.config);
  // Globs set in the editor are relative to the folder; those of the configuration to its file.
  const fromEditor = explicit.include !== undefined || explicit.exclude !== undefined;
  const include = (Array.isArray(settings.include) ? settings.include : defaultServerSettings.include).map(globMatcher);
  const exclude = (Array.isArray(settings.exclude) ? settings.exclude : defaultServerSettings.exclude).map(globMatcher);
  const serviceCidrsOrigin = explicit.serviceCidrs !== undefined ? `the ${configurationSection}.serviceCidrs setting` : config?.config.serviceCidrs ? `serviceCidrs in ${path.relative(fsPath, fileURLToPath(config.uri)).split(path.sep).join('/') || '.k8s-route.yaml'}` : undefined;
  return { uri: folder.uri, name: folder.name, fsPath, config, settings, globBase: config && !fromEditor ? config.directory : fsPath, include, exclude, ...(serviceCidrsOrigin ? { serviceCidrsOrigin } : {}) };
}

/** Whether a file of the folder (by its absolute path) is one to index. */
export function folderIndexes(state: FolderState, file: string): boolean {
  const relative = relativePath(state.globBase, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
  if (relative.split('/').some((part) => part === 'node_modules' || part === '.git')) return false;
  return state.include.some((matches) => matches(relative)) && !state.exclude.some((matches) => matches(relative));
}

/** A path relative to a folder, '/'-separated ('..' first, or absolute, when it lies outside). */
function relativePath(folder: string, file: string): string {
  const base = folder.endsWith(path.sep) ? folder : folder + path.sep;
  // The common case, a file under the folder with no '.' or '..' segment, without path.relative's normalising.
  const relative = file.startsWith(base) && !dotSegment.test(file) ? file.slice(base.length) : path.relative(folder, file);
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

const dotSegment = /[\\/]\.\.?(?:[\\/]|$)/;

/** Whether the exclude globs take a file or a folder (by its absolute path) out of the folder's index. */
export function folderExcludes(state: FolderState, file: string): boolean {
  const relative = relativePath(state.globBase, file);
  if (relative.startsWith('..') || path.isAbsolute(relative) || relative === '') return false;
  return state.exclude.some((matches) => matches(relative) || matches(`${relative}/`));
}

/**
 * Each folder list's answers by URI: a scan asks several times per file (walk, settings, scope),
 * and a session replaces its list (never changes it) when folders or settings change.
 */
const foldersByUri = new WeakMap<readonly FolderState[], Map<string, FolderState | undefined>>();

/** The folder holding a file URI: the deepest one, for nested folders. */
export function folderOf(states: readonly FolderState[], uri: string): FolderState | undefined {
  if (!uri.startsWith('file:')) return undefined;
  let known = foldersByUri.get(states);
  if (!known) foldersByUri.set(states, (known = new Map()));
  if (known.has(uri)) return known.get(uri);
  // One folder, and the URI under its own: no path to work out (a nested folder needs two).
  if (states.length === 1 && uri.startsWith(states[0].uri.endsWith('/') ? states[0].uri : `${states[0].uri}/`)) {
    if (known.size >= 200_000) known.clear();
    known.set(uri, states[0]);
    return states[0];
  }
  const file = fileURLToPath(uri);
  let best: FolderState | undefined;
  for (const state of states) {
    if (!isInside(state.fsPath, file)) continue;
    if (!best || state.fsPath.length > best.fsPath.length) best = state;
  }
  if (known.size >= 200_000) known.clear();
  known.set(uri, best);
  return best;
}

/** Whether a file lies in a folder (both absolute, as fileURLToPath gives them). */
function isInside(folder: string, file: string): boolean {
  const relative = relativePath(folder, file);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The scope of a file: its folder, and the cluster of that folder's configuration it lies in. */
export function scopeKeyOf(states: readonly FolderState[], uri: string): string {
  const folder = folderOf(states, uri);
  if (!folder) return '';
  const clusters = folder.config?.config.clusters;
  if (!clusters || !folder.config) return folder.uri;
  const relative = path.relative(folder.config.directory, fileURLToPath(uri)).split(path.sep).join('/');
  const cluster = clusterOf(relative, clusters);
  return cluster === undefined ? folder.uri : `${folder.uri}#${cluster}`;
}

/** The scopes of the folders, and '' for files outside them (with the editor's own settings). */
export function scopeSpecs(states: readonly FolderState[], outside: ServerSettings): ScopeSpec[] {
  const several = states.length > 1;
  const specs: ScopeSpec[] = [];
  for (const state of states) {
    const settings = { ...toAnalysisSettings(state.settings), ...(state.serviceCidrsOrigin ? { serviceCidrsOrigin: state.serviceCidrsOrigin } : {}) };
    const config = state.config;
    const chart = config ? (root: string) => (root.startsWith('file:') ? chartConfigOf(path.relative(config.directory, fileURLToPath(root)).split(path.sep).join('/'), config.config) : undefined) : undefined;
    const chartsKey = JSON.stringify(config ? [config.directory, config.config.helm?.charts ?? null] : null);
    for (const cluster of config?.config.clusters ?? []) specs.push({ key: `${state.uri}#${cluster.name}`, label: several ? `${state.name}: ${cluster.name}` : cluster.name, settings, chart, chartsKey });
    specs.push({ key: state.uri, label: several ? state.name : config?.config.clusters?.length ? 'outside the configured clusters' : undefined, settings, chart, chartsKey, gitops: !config?.config.clusters?.length });
  }
  specs.push({ key: '', label: states.length > 0 ? 'outside the workspace folders' : undefined, settings: { ...toAnalysisSettings(outside), serviceCidrsOrigin: `the ${configurationSection}.serviceCidrs setting` } });
  return specs;
}

/** What makes two scopes analyse alike: settings, chart options and GitOps splitting. */
export const sameScope = sameScopeSpec;
