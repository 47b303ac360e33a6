// A test reporter that writes one JSON line per skipped test (file, name, reason), so that
// test/run.mjs can say at the end what did not run and how to make it run.
export default async function* skipReporter(source) {
  for await (const event of source) {
    if (event.type === 'test:pass' && event.data.skip !== undefined) {
      yield `${JSON.stringify({ file: event.data.file ?? '', name: event.data.name, reason: typeof event.data.skip === 'string' ? event.data.skip : 'skipped' })}\n`;
    }
  }
}
