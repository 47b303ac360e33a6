/**
 * Starting the language server and the connection to it. The server is dist/server.js, started
 * over IPC; it reads the `k8sRoute.*` settings itself, per workspace folder, and is told when they
 * change, and learns at start whether the workspace is trusted (the extension restarts it when
 * trust is granted) and where it may keep its cache. It is given only the settings the user set,
 * not their defaults, so that a project's .k8s-route.yaml applies wherever the user has not
 * decided otherwise.
 */
import * as path from 'node:path';
import { Uri, workspace } from 'vscode';
import type { ExtensionContext, OutputChannel } from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { configurationSection } from '../../server/src/protocol';
import type { InitializationOptions } from '../../server/src/protocol';

export function createLanguageClient(context: ExtensionContext, output: OutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      // JSON manifests are checked too; the server ignores JSON that holds no Kubernetes object.
      { scheme: 'file', language: 'json' },
      { scheme: 'untitled', language: 'json' },
    ],
    synchronize: { configurationSection },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return params.items.map((item, position) => (item.section === configurationSection ? explicitSettings(context, item.scopeUri) : result[position]));
        },
      },
    },
    outputChannel: output,
    // Rendering runs helm and kustomize on the workspace's files: only in a trusted workspace. The
    // workspace storage holds the server's cache, so a window opened again reads unchanged files
    // and renders from it (a window without a folder has no storage, and no cache).
    initializationOptions: { trusted: workspace.isTrusted, ...(context.storageUri?.scheme === 'file' ? { cacheLocation: path.join(context.storageUri.fsPath, 'cache') } : {}) } satisfies InitializationOptions,
  };
  return new LanguageClient('k8sRoute', 'K8s Route', serverOptions, clientOptions);
}

/**
 * The `k8sRoute.*` settings the user set (in user, workspace or folder settings), as one nested
 * object; a setting left at its default is absent, so the project configuration can supply it.
 */
function explicitSettings(context: ExtensionContext, scopeUri: string | undefined): Record<string, unknown> {
  const manifest = context.extension.packageJSON as { capabilities?: { untrustedWorkspaces?: { restrictedConfigurations?: string[] } }; contributes?: { configuration?: { properties?: Record<string, unknown> } } };
  const properties = manifest.contributes?.configuration?.properties ?? {};
  // In an untrusted workspace, restricted settings (the tool paths) come from the user only, as VS Code's own get() does.
  const restricted = new Set(workspace.isTrusted ? [] : (manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? []));
  const configuration = workspace.getConfiguration(configurationSection, scopeUri ? Uri.parse(scopeUri) : undefined);
  const settings: Record<string, unknown> = {};
  for (const fullKey of Object.keys(properties)) {
    const key = fullKey.slice(configurationSection.length + 1);
    const inspected = configuration.inspect(key);
    const value = restricted.has(fullKey) ? inspected?.globalValue : (inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue);
    if (value === undefined) continue;
    const parts = key.split('.');
    let target = settings;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1]] = value;
  }
  return settings;
}
