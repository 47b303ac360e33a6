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
}
