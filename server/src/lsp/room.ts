/**
 * What every room of the language server is given by `startServer`: the connection to register
 * its handlers on, the repository index, the open documents (their latest text, with positions),
 * and the guard that answers a failing or cancelled request with a fallback. Rooms keep no state
 * of their own.
 */
import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { LineIndex } from '../core/text';
import type { ScopedRepository } from '../core/units/scoped';

export interface Room {
  readonly connection: Connection;
  readonly index: ScopedRepository;
  documentFor(uri: string): { lines: LineIndex; offsetAt(position: { line: number; character: number }): number } | undefined;
  guard<T>(name: string, fallback: T, token: CancellationToken | undefined, handler: () => T): T;
}
