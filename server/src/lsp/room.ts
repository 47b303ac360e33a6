/**
 * What every room of the language server is given by `startServer`: the connection to register
 * its handlers on, the repository index, the open documents (their latest text, with positions),
 * and the guard that answers a failing or cancelled request with a fallback. Rooms keep no state
 * of their own.
 */
import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { LineIndex } from '../core/text';
import type { ScopedRepository } from '../core/units/scoped';

type Position = { line: number; character: number };

/** An open or indexed document as requests need it: its lines, and offsets of positions. */
export interface RoomDocument {
  readonly lines: LineIndex;
  offsetAt(position: Position): number;
}

export interface Room {
  readonly connection: Connection;
  readonly index: ScopedRepository;
  documentFor(uri: string): RoomDocument | undefined;
  guard<T>(name: string, fallback: T, token: CancellationToken | undefined, handler: () => T): T;
}

/**
 * The file a position request names, its document and the offset asked about; undefined when the
 * request names no file and position, or the index does not hold the file.
 */
export function placeAt(room: Pick<Room, 'documentFor'>, params: { readonly textDocument?: { readonly uri?: unknown }; readonly position?: Position } | undefined): { uri: string; document: RoomDocument; offset: number } | undefined {
  const uri = params?.textDocument?.uri;
  if (typeof uri !== 'string' || !params?.position) return undefined;
  const document = room.documentFor(uri);
  return document ? { uri, document, offset: document.offsetAt(params.position) } : undefined;
}
