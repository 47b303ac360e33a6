/**
 * The one-line request the "Send a request…" box takes, as a user types it after curl:
 * `[METHOD] URL [-H 'Name: value']... [--port N]`. Quotes (single or double) group words.
 */
export interface RequestLine {
  readonly method: string;
  readonly url: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly port?: number;
}

const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

function words(text: string): string[] | string {
  const result: string[] = [];
  let current = '';
  let quote: string | undefined;
  let started = false;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      started = true;
    } else if (/\s/.test(char)) {
      if (started || current !== '') result.push(current);
      current = '';
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (quote) return `a ${quote} quote is not closed`;
  if (started || current !== '') result.push(current);
  return result;
}

/** The request, or why the line cannot be read. */
export function parseRequestLine(text: string): RequestLine | string {
  const parts = words(text.trim());
  if (typeof parts === 'string') return parts;
  let method = 'GET';
  let url: string | undefined;
  let port: number | undefined;
  const headers: Array<readonly [string, string]> = [];
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index];
    if (part === '-H' || part === '--header') {
      const header = parts[++index];
      const colon = header?.indexOf(':') ?? -1;
      if (!header || colon <= 0) return `${part} needs 'Name: value'`;
      headers.push([header.slice(0, colon).trim(), header.slice(colon + 1).trim()]);
    } else if (part === '-X' || part === '--method') {
      const next = parts[++index]?.toUpperCase();
      if (!next || !methods.includes(next)) return `${part} needs a method such as GET or POST`;
      method = next;
    } else if (part === '--port') {
      const next = Number(parts[++index]);
      if (!Number.isInteger(next) || next < 1 || next > 65535) return '--port needs a port number (1-65535)';
      port = next;
    } else if (index === 0 && methods.includes(part.toUpperCase())) {
      method = part.toUpperCase();
    } else if (url === undefined && /^https?:\/\//i.test(part)) {
      url = part;
    } else {
      return `"${part}" is not understood: write [METHOD] URL [-H 'Name: value']... [--port N]`;
    }
  }
  if (url === undefined) return 'give an http:// or https:// URL';
  return { method, url, headers, ...(port !== undefined ? { port } : {}) };
}
