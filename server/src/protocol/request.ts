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

