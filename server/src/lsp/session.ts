/**
 * The language server's session: the workspace folders, the editor's settings (for the whole
 * editor and per folder), each folder's project configuration and effective settings, the
 * client's language and whether the workspace is trusted. It answers which folder, settings and
 * scope a file belongs to; it holds no index and publishes nothing: the server applies a reload.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection, WorkspaceFolder } from 'vscode-languageserver';
import type { Locale } from '../core/features/explain';
import type { Finding } from '../core/model';
import { configurationSection } from '../protocol';
import type { ServerSettings } from '../protocol';
import { folderIndexes, folderOf, loadFolder, mergeSettings, scopeKeyOf, scopeSpecs } from './folders';
import type { FolderState } from './folders';

export class Session {
  folders: WorkspaceFolder[] = [];
  clientLocale = 'en';
  /** False when the editor says the workspace is not trusted: no tool ever runs on its files. */
  trusted = true;
  canPullConfiguration = false;
  /** The settings the user set in the editor (not their defaults): for the whole editor, and per folder. */
  private explicitGlobal: Partial<ServerSettings> = {};
  private explicitByFolder = new Map<string, Partial<ServerSettings>>();
  private editorSettings: ServerSettings = mergeSettings({}, undefined);
  private states: FolderState[] = [];
  private configs = new Map<string, Finding[]>();

  /** @param readText a file's text as the server reads it (the open document's, else the disk's). */
  constructor(
    private readonly connection: Connection,
    private readonly readText: (uri: string) => string | undefined,
  ) {}

  /** The editor-wide settings, over the defaults: the language, and everything of files outside the folders. */
  get settings(): ServerSettings {
    return this.editorSettings;
  }

  /** Each workspace folder with its project configuration and effective settings. */
  get folderStates(): readonly FolderState[] {
    return this.states;
  }

  /** The findings of the project configuration files in use, by URI. */
  get configFindings(): ReadonlyMap<string, Finding[]> {
    return this.configs;
  }

  /** Reads the editor's settings: those for the whole editor and those of each folder. */
  async pullSettings(): Promise<void> {
    if (!this.canPullConfiguration) return;
    try {
      const items = [{ section: configurationSection }, ...this.folders.map((folder) => ({ section: configurationSection, scopeUri: folder.uri }))];
      const pulled = (await this.connection.workspace.getConfiguration(items)) as Array<Partial<ServerSettings> | null>;
      this.explicitGlobal = pulled[0] ?? {};
      this.explicitByFolder = new Map(this.folders.map((folder, position) => [folder.uri, pulled[position + 1] ?? this.explicitGlobal]));
    } catch (error) {
      this.connection.console.error(`k8s-route: could not read settings: ${String(error)}`);
    }
  }

  /** Settings a client pushed (one that does not answer workspace/configuration): they apply to every folder. */
  pushed(settings: Partial<ServerSettings>): void {
    this.explicitGlobal = settings;
    this.explicitByFolder = new Map();
  }

  /** Reads the settings and project configurations again (from the open documents or the disk). */
  reload(): void {
    this.editorSettings = mergeSettings(this.explicitGlobal, undefined);
    this.states = this.folders.filter((folder) => folder.uri.startsWith('file:')).map((folder) => loadFolder(folder, this.explicitByFolder.get(folder.uri) ?? this.explicitGlobal, this.readText));
    this.configs = new Map();
    for (const state of this.states) {
      if (!state.config || this.configs.has(state.config.uri)) continue;
      const disabled = new Set(state.settings.disabledRules);
      this.configs.set(state.config.uri, state.config.findings.filter((finding) => !disabled.has(finding.code)));
    }
  }

  /** What decides which files are indexed: each folder's globs and where they are relative to. */
  scanKey(): string {
    return JSON.stringify(this.states.map((state) => [state.uri, state.globBase, state.settings.include, state.settings.exclude]));
  }

  /** Everything of the session that analysis follows from besides the files: settings, configurations, folders, trust. */
  analysisContext(): string {
    return JSON.stringify([this.editorSettings, this.trusted, this.states.map((state) => [state.uri, state.globBase, state.settings, state.config?.uri ?? null, state.config?.config ?? null, state.serviceCidrsOrigin ?? null])]);
  }

  /** The scope (a folder, or a cluster its configuration names) a file is analysed in. */
  scopeKeyOf(uri: string): string {
    return scopeKeyOf(this.states, uri);
  }

  scopeSpecs(): ReturnType<typeof scopeSpecs> {
    return scopeSpecs(this.states, this.editorSettings);
  }

  /** The folder holding a file (the deepest), or undefined. */
  folderFor(uri: string): FolderState | undefined {
    return folderOf(this.states, uri);
  }

  /** The folder (its URI, '' outside every folder) a file belongs to. */
  folderKeyOf(uri: string): string {
    return this.folderFor(uri)?.uri ?? '';
  }

  /** The effective settings of a folder ('': the editor's). */
  folderSettings(key: string): ServerSettings {
    return this.states.find((state) => state.uri === key)?.settings ?? this.editorSettings;
  }

  /** The effective settings that apply to a file. */
  settingsFor(uri: string): ServerSettings {
    return this.folderSettings(this.folderKeyOf(uri));
  }

  /** Whether a file URI is one its folder's settings ask to index. */
  isIndexed(uri: string): boolean {
    const folder = this.folderFor(uri);
    return folder !== undefined && folderIndexes(folder, fileURLToPath(uri));
  }

  /** A file as users read it: relative to its workspace folder. */
  displayPath(uri: string): string {
    return this.folderRelative(uri) ?? (uri.startsWith('file:') ? fileURLToPath(uri) : uri);
  }

  /** The language of hovers and lenses: the setting, or the editor's. */
  locale(): Locale {
    const chosen = this.editorSettings.hoverLanguage === 'auto' ? this.clientLocale : this.editorSettings.hoverLanguage;
    return chosen.startsWith('zh') ? 'zh-cn' : 'en';
  }

  /** A file URI's path relative to the first workspace folder holding it, '/'-separated; undefined outside them. */
  private folderRelative(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const file = fileURLToPath(uri);
    for (const folder of this.folders) {
      if (!folder.uri.startsWith('file:')) continue;
      const relative = path.relative(fileURLToPath(folder.uri), file).split(path.sep).join('/');
      if (!relative.startsWith('..') && !path.isAbsolute(relative)) return relative;
    }
    return undefined;
  }
}
