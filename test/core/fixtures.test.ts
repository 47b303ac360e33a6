/**
 * Runs every fixture under test/fixtures: analyses its files as one workspace and compares the
 * findings with the annotations written in it. UPDATE_EXPECT=1 rewrites the annotations.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { test } from 'node:test';
import { analyzeWorkspace } from '../../server/src/core/analyze';
import { isConfigPath, readProjectConfig } from '../../server/src/core/config';
import { defaultSettings } from '../../server/src/core/model';
import type { AnalysisSettings } from '../../server/src/core/model';
import { ruleCatalog } from '../../server/src/core/rules/catalog';
import { joinFixture, renderAnnotations, splitFixture } from '../fixtureFormat';
import { fixturesRoot, listFiles } from '../helpers';

const update = process.env.UPDATE_EXPECT === '1';

const workspaceCodes = Object.keys(ruleCatalog).filter((code) => ruleCatalog[code].scope === 'workspace');

/**
 * A fixture may change settings with a line such as `# settings: {"serviceCidrs": ["10.96.0.0/12"]}`.
 * The fixture of a single-object rule (test/fixtures/rules/<code>.yaml) runs with the cross-object
 * rules off, so its minimal manifests need no Deployments behind their Services.
 */
function settingsOf(source: string, name: string): AnalysisSettings {
  const match = /^# settings: (.*)$/m.exec(source);
  const overrides = (match ? JSON.parse(match[1]) : {}) as Partial<AnalysisSettings> & { disabledRules?: string[] };
  const code = /^rules\/(.+)\.ya?ml$/.exec(name)?.[1];
  const singleObjectRule = code !== undefined && ruleCatalog[code] !== undefined && ruleCatalog[code].scope !== 'workspace';
  const disabled = [...(overrides.disabledRules ?? []), ...(singleObjectRule ? workspaceCodes : [])];
  return { ...defaultSettings, ...overrides, disabledRules: new Set(disabled) };
}

for (const fixture of listFiles(fixturesRoot, ['.yaml', '.yml'])) {
  const name = relative(fixturesRoot, fixture);
  test(`fixture ${name}`, () => {
    const source = readFileSync(fixture, 'utf8');
    const files = splitFixture(source, 'manifest.yaml');
    const analysis = analyzeWorkspace(files.map((file) => ({ path: file.path, text: file.text })), settingsOf(source, name));
    // A project configuration file is read as one, not as manifests.
    const findingsOf = (index: number) => (isConfigPath(files[index].path) ? readProjectConfig({ path: files[index].path, text: files[index].text }).findings : analysis.files[index].findings);
    const rendered = files.map((file, index) => ({ path: file.path, annotated: renderAnnotations(file.text, findingsOf(index)) }));
    const actual = joinFixture(rendered);
    const expected = joinFixture(files);
    if (update && actual !== expected) {
      writeFileSync(fixture, actual);
      return;
    }
    assert.equal(actual, expected, `findings differ from the annotations in ${name}; rerun with UPDATE_EXPECT=1 and review the diff`);
  });
}
