/**
 * The answer to "which backend gets this request", shared by the CLI's JSON output, the language
 * server and the client. Computed in core/gateway/request.ts.
 */

export interface RequestAnswer {
  readonly version: 1;
  readonly gateway: { readonly namespace: string; readonly name: string; readonly listener: string | null } | null;
  readonly route: { readonly kind: 'HTTPRoute' | 'GRPCRoute' | 'Ingress'; readonly namespace: string; readonly name: string; readonly rule: number | null; readonly match: number | null } | null;
  readonly status: number;
  readonly redirect: { readonly location: string } | null;
  readonly backends: ReadonlyArray<{ readonly kind: string; readonly namespace: string; readonly name: string; readonly port: number | null; readonly weight: number }>;
  readonly forwarded: { readonly host: string; readonly path: string; readonly headers: Readonly<Record<string, string>> } | null;
}

export interface RequestQuestion {
  readonly url: string;
  readonly method: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** `--port`: the port the connection arrives on (the listener's). */
  readonly port?: number;
  /** `--gateway NS/NAME` (or NAME). */
  readonly gateway?: string;
  readonly listener?: string;
  /** `--ingress-class`: the Ingress class, when Ingresses answer. */
  readonly ingressClass?: string;
}
