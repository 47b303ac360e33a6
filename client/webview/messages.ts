/**
 * The messages between the route panel (extension side) and its webview, as tagged unions.
 * Both sides validate what they receive with the guards here; nothing else crosses.
 */
import { routeModelVersion } from '../../server/src/protocol/route';
import type { RouteModel, RouteRange } from '../../server/src/protocol/route';

/** Extension → webview. */
export type ToWebview =
  /** A route to draw (null: no Service chosen), and whether the panel follows the cursor. */
  { readonly type: 'route'; readonly model: RouteModel | null; readonly follow: boolean };

/** Webview → extension. */
export type FromWebview =
  | { readonly type: 'ready' }
  /** Open the manifest at a hop's source range. */
  | { readonly type: 'reveal'; readonly file: string; readonly range: RouteRange }
  /** Save the drawing: SVG text, or a PNG as a data: URL. */
  | { readonly type: 'export'; readonly format: 'svg' | 'png'; readonly name: string; readonly data: string }
  /** Put text on the clipboard: the route as Mermaid, or a chain name to grep for on a node. */
  | { readonly type: 'copy'; readonly text: string; readonly what?: 'mermaid' | 'name' | 'rules' }
  | { readonly type: 'follow'; readonly follow: boolean }
  /** Show the same Service as another render unit (overlay, values variant) renders it. */
  | { readonly type: 'unit'; readonly unit: string };

/** Initial state, passed to the webview as JSON in a `data-` attribute. */
export interface InitialState {
  readonly model: RouteModel | null;
  readonly follow: boolean;
  /** The language of the view's own words (`en` when absent). */
  readonly locale?: 'en' | 'zh-cn';
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isPosition = (value: unknown): boolean => typeof value === 'object' && value !== null && isNumber((value as { line?: unknown }).line) && isNumber((value as { character?: unknown }).character);

export function isRange(value: unknown): value is RouteRange {
  return typeof value === 'object' && value !== null && isPosition((value as { start?: unknown }).start) && isPosition((value as { end?: unknown }).end);
}

/** Accepts only well-formed messages from the webview. */
export function isFromWebview(value: unknown): value is FromWebview {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
      return true;
    case 'reveal':
      return typeof message.file === 'string' && isRange(message.range);
    case 'export':
      return (message.format === 'svg' || message.format === 'png') && typeof message.name === 'string' && typeof message.data === 'string' && message.data.length < 50_000_000;
    case 'copy':
      return typeof message.text === 'string' && message.text.length < 1_000_000 && (message.what === undefined || message.what === 'mermaid' || message.what === 'name' || message.what === 'rules');
    case 'follow':
      return typeof message.follow === 'boolean';
    case 'unit':
      return typeof message.unit === 'string' && message.unit.length < 4096;
    default:
      return false;
  }
}

/** Accepts only well-formed messages from the extension. */
export function isToWebview(value: unknown): value is ToWebview {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  return message.type === 'route' && typeof message.follow === 'boolean' && (message.model === null || (typeof message.model === 'object' && (message.model as { version?: unknown }).version === routeModelVersion));
}
