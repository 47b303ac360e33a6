/** The "Send a request…" box reads a line as curl users write it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRequestLine } from '../../client/src/requestLine';

test('a request line: method, URL, quoted headers, port; mistakes are explained', () => {
  assert.deepEqual(parseRequestLine('GET http://shop.example.com/api'), { method: 'GET', url: 'http://shop.example.com/api', headers: [] });
  assert.deepEqual(parseRequestLine(`post https://a.example.com/x -H 'X-Canary: true' -H "Accept: text/html, */*" --port 8443`), {
    method: 'POST',
    url: 'https://a.example.com/x',
    headers: [
      ['X-Canary', 'true'],
      ['Accept', 'text/html, */*'],
    ],
    port: 8443,
  });
  assert.deepEqual(parseRequestLine('http://x/ -X DELETE'), { method: 'DELETE', url: 'http://x/', headers: [] });
  assert.equal(parseRequestLine('GET'), 'give an http:// or https:// URL');
  assert.equal(parseRequestLine("GET http://x/ -H 'broken"), "a ' quote is not closed");
  assert.equal(parseRequestLine('GET http://x/ -H nocolon'), "-H needs 'Name: value'");
  assert.equal(parseRequestLine('GET http://x/ --port 0'), '--port needs a port number (1-65535)');
  assert.match(parseRequestLine('GET http://x/ extra') as string, /"extra" is not understood/);
});
