/**
 * The language server's request room: "Send a request…" (which backend gets a request, with the
 * deciding places) and the request to start from at the cursor. It reads the repository index and
 * the open documents it is given, and keeps no state of its own.
 */
import { answerAcross } from '../core/gateway/requestAcross';
import { requestSuggestion } from '../core/gateway/requestEditor';
import { LineIndex } from '../core/text';
import { requestSuggestionRequest, sendRequestRequest } from '../protocol';
import type { RequestSuggestionParams, RequestSuggestionResult, SendRequestParams, SendRequestResult } from '../protocol';
import { toRange } from './convert';
import { placeAt } from './room';
import type { Room } from './room';

export interface RequestRoom extends Room {
}

export function registerRequestHandlers(room: RequestRoom): void {
  const { connection, index } = room;
  connection.onRequest(requestSuggestionRequest, (params: RequestSuggestionParams, token): RequestSuggestionResult | null =>
    room.guard('request suggestion', null, token, () => {
      const at = placeAt(room, params);
      if (!at) return null;
      const { uri, offset } = at;
      const plain = index.plainIndexOf(uri);
      if (plain) return requestSuggestion(plain, uri, offset) ?? null;
      for (const place of index.renderedAt(uri, offset)) {
        const suggestion = requestSuggestion(place.index, place.file, place.offset);
        if (suggestion) return suggestion;
      }
      return null;
    }),
  );

  connection.onRequest(sendRequestRequest, (params: SendRequestParams, token): SendRequestResult =>
    room.guard('request', { usage: 'the request could not be answered', candidates: [] }, token, () => {
      if (typeof params?.url !== 'string') return { usage: 'no URL given', candidates: [] };
      const chosen = answerAcross(index, { url: params.url, method: typeof params.method === 'string' ? params.method : 'GET', headers: Array.isArray(params.headers) ? params.headers : [], ...(typeof params.port === 'number' ? { port: params.port } : {}), ...(typeof params.gateway === 'string' ? { gateway: params.gateway } : {}), ...(typeof params.listener === 'string' ? { listener: params.listener } : {}) });
      if ('usage' in chosen) return chosen;
      const lines = new Map<string, LineIndex>();
      const linesOf = (file: string): LineIndex => {
        let found = lines.get(file);
        if (!found) lines.set(file, (found = room.documentFor(file)?.lines ?? new LineIndex(index.source(file)?.text ?? '')));
        return found;
      };
      return {
        answer: chosen.answer,
        label: chosen.label,
        steps: chosen.steps.map((step) => ({ text: step.text, ...(step.detail ? { detail: true } : {}), ...(step.at ? { location: { uri: step.at.file, range: toRange(step.at.span, linesOf(step.at.file)) } } : {}) })),
      };
    }),
  );
}
