// A test reporter that writes one JSON line per skipped test (file, name, reason), so that
// test/run.mjs can say at the end what did not run and how to make it run; and one per test run a
// second time after a failure (the end-to-end suite's retry), so that flakiness is listed too.
const retryMark = /^first run of "(.*)" failed/;

export default async function* skipReporter(source) {
  for await (const event of source) {
    const retried = event.type === 'test:diagnostic' ? retryMark.exec(event.data.message) : null;
    if (retried) yield `${JSON.stringify({ file: event.data.file ?? '', name: retried[1], retried: true })}\n`;
    if (event.type === 'test:pass' && event.data.skip !== undefined) {
      yield `${JSON.stringify({ file: event.data.file ?? '', name: event.data.name, reason: typeof event.data.skip === 'string' ? event.data.skip : 'skipped' })}\n`;
    }
  }
}
