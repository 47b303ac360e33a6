/**
 * Types and method names shared by the language server and the VS Code client.
 * Custom requests are added here, each with a comment saying who sends it and when.
 */

export * from './route';
export * from './request';

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
  /** The cluster DNS domain, `cluster.local` by default. */
  readonly clusterDomain: string;
  /** Render Helm charts and kustomizations with the real tools (false: approximate kustomize, skip charts). */
  readonly render: boolean;
  /** Stop a helm or kustomize run after this many seconds. */
  readonly renderTimeoutSeconds: number;
  readonly helm: { readonly path?: string; readonly releaseName?: string };
  readonly kustomize: { readonly path?: string };
  /** The route view's diagram: how many example nodes to draw at least. */
  readonly route: { readonly exampleNodes?: number };
}

/**
 * initializationOptions the server understands (all optional): `debounceMs` for tests, and
 * `trusted: false` when the editor's workspace is not trusted, so that no tool is run on its files.
 */
export interface InitializationOptions {
  readonly debounceMs?: number;
  readonly trusted?: boolean;
  /**
   * A folder the server may keep its persistent cache in (VS Code: the workspace storage), so the
   * next start reads unchanged files and renders from it; none: nothing is kept between starts.
   */
  readonly cacheLocation?: string;
}

/**
 * Request, client → server, when the user asks to see a route (command palette, code lens):
 * the Service at a position, or one named by namespace and name. Answers the RouteModel, or null
 * when there is no such Service. The server then keeps that route up to date (routeChanged).
 */
export const routeRequest = 'k8sRoute/route';
export type RouteParams =
  | { readonly textDocument: { readonly uri: string }; readonly position: { readonly line: number; readonly character: number } }
  /** `unit`: the render unit (ServiceSummary.unit) when the same Service is rendered by several; `file`: its file (RouteModel.service.file) when several files define it. */
  | { readonly namespace: string; readonly name: string; readonly unit?: string; readonly file?: string };

/**
 * Request, client → server, after a route request at a position answered null: why there is no
 * route there, when the position is in a chart or kustomization whose render is missing (the tool
 * is not installed, the render failed or is still running); null when there is no such reason.
 */
export const routeUnavailableRequest = 'k8sRoute/routeUnavailable';

/** Notification, server → client, when a route the client asked for has changed (model null: the Service is gone). */
export const routeChangedNotification = 'k8sRoute/routeChanged';
export interface RouteChangedParams {
  /** `file`: the Service's file as the route's model names it (RouteModel.service.file), which tells same-named Services apart. */
  readonly service: { readonly namespace: string; readonly name: string; readonly unit?: string; readonly file?: string };
  readonly model: import('./route').RouteModel | null;
}

/**
 * Request, client → server, for the quick pick of Services: every Service in the workspace, or,
 * with a position on a workload (a Deployment, a StatefulSet, …), the Services that select it.
 */
export const servicesRequest = 'k8sRoute/services';
export interface ServicesParams {
  readonly textDocument?: { readonly uri: string };
  readonly position?: { readonly line: number; readonly character: number };
}
export interface ServiceSummary {
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  readonly ports: string;
  readonly uri: string;
  readonly line: number;
  /** The render unit's id, for a Service rendered from a chart or kustomization. */
  readonly unit?: string;
  /** `in overlays/production`, `with values-production.yaml`. */
  readonly unitLabel?: string;
  /** The worst finding on the Service itself: what the Services view marks it with. */
  readonly status?: 'error' | 'warning' | 'ok';
}

/** Notification, server → client, after each indexing cycle: what the status bar shows. */
export const indexStateNotification = 'k8sRoute/indexState';
export interface IndexState {
  readonly indexing: boolean;
  readonly files: number;
  readonly services: number;
  readonly errors: number;
  readonly warnings: number;
  /** While indexing: files indexed so far, of how many. */
  readonly scanned?: { readonly done: number; readonly total: number };
  /** Units being rendered right now, and of the units asked for since rendering began, how many are done. */
  readonly rendering?: { readonly charts: number; readonly kustomizations: number; readonly done?: number; readonly total?: number };
}

/**
 * Request, client → server, for "Send a request…": the request to start from at the cursor (the
 * URL a listener, route or Ingress rule there takes, and the Gateway to ask), or null.
 */
export const requestSuggestionRequest = 'k8sRoute/requestSuggestion';
export interface RequestSuggestionParams {
  readonly textDocument: { readonly uri: string };
  readonly position: { readonly line: number; readonly character: number };
}
export interface RequestSuggestionResult {
  readonly url: string;
  readonly gateway?: string;
  readonly listener?: string;
}

/**
 * Request, client → server, for "Send a request…": which backend gets the request, as
 * `k8s-route request` answers it, each step with the place in the source that decides it.
 */
export const sendRequestRequest = 'k8sRoute/request';
export type SendRequestParams = import('./request').RequestQuestion;
export interface RequestStepView {
  readonly text: string;
  readonly detail?: boolean;
  readonly location?: { readonly uri: string; readonly range: { readonly start: { readonly line: number; readonly character: number }; readonly end: { readonly line: number; readonly character: number } } };
}
export type SendRequestResult =
  | { readonly answer: import('./request').RequestAnswer; readonly label: string; readonly steps: readonly RequestStepView[] }
  | { readonly usage: string; readonly candidates: readonly string[] };
