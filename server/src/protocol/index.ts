/**
 * Types and method names shared by the language server and the VS Code client.
 * Custom requests are added here, each with a comment saying who sends it and when.
 */

export * from './route';

/** The settings section both sides read (`k8sRoute.*` in VS Code settings). */
export const configurationSection = 'k8sRoute';

/** The settings the client sends to the server, as written in VS Code's settings.json. */
export interface ServerSettings {
  readonly nodePortRange: string;
  readonly serviceCidrs: readonly string[];
  readonly defaultNamespace: string;
  readonly disabledRules: readonly string[];
  /** Globs, relative to each workspace folder, of the files to index. */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** `auto` follows the client's locale. */
  readonly hoverLanguage: 'auto' | 'en' | 'zh-cn';
}

/**
 * Request, client → server, when the user asks to see a route (command palette, code lens):
 * the Service at a position, or one named by namespace and name. Answers the RouteModel, or null
 * when there is no such Service. The server then keeps that route up to date (routeChanged).
 */
export const routeRequest = 'k8sRoute/route';
export type RouteParams = { readonly textDocument: { readonly uri: string }; readonly position: { readonly line: number; readonly character: number } } | { readonly namespace: string; readonly name: string };

/** Notification, server → client, when a route the client asked for has changed (model null: the Service is gone). */
export const routeChangedNotification = 'k8sRoute/routeChanged';
export interface RouteChangedParams {
  readonly service: { readonly namespace: string; readonly name: string };
  readonly model: import('./route').RouteModel | null;
}

/** Request, client → server, for the quick pick of Services: every Service in the workspace. */
export const servicesRequest = 'k8sRoute/services';
export interface ServiceSummary {
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  readonly ports: string;
  readonly uri: string;
  readonly line: number;
}

/** Notification, server → client, after each indexing cycle: what the status bar shows. */
export const indexStateNotification = 'k8sRoute/indexState';
export interface IndexState {
  readonly indexing: boolean;
  readonly files: number;
  readonly services: number;
  readonly errors: number;
  readonly warnings: number;
}
