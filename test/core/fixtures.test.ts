/**
 * Runs every fixture under test/fixtures: analyses its files as one workspace and compares the
 * findings with the annotations written in it. UPDATE_EXPECT=1 rewrites the annotations.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { test } from 'node:test';
import { analyzeWorkspace } from '../../server/src/core/analyze';
import { defaultSettings } from '../../server/src/core/model';
import type { AnalysisSettings } from '../../server/src/core/model';
import { joinFixture, renderAnnotations, splitFixture } from '../fixtureFormat';
import { fixturesRoot, listFiles } from '../helpers';

const update = process.env.UPDATE_EXPECT === '1';

/** A fixture may change settings with a first line such as `# settings: {"serviceCidrs": ["10.96.0.0/12"]}`. */
function settingsOf(source: string): AnalysisSettings {
  const match = /^# settings: (.*)$/m.exec(source);
  if (!match) return defaultSettings;
  const overrides = JSON.parse(match[1]) as Partial<AnalysisSettings> & { disabledRules?: string[] };
  return { ...defaultSettings, ...overrides, disabledRules: new Set(overrides.disabledRules ?? []) };
}

for (const fixture of listFiles(fixturesRoot, ['.yaml', '.yml'])) {
  const name = relative(fixturesRoot, fixture);
  test(`fixture ${name}`, () => {
    const source = readFileSync(fixture, 'utf8');
    const files = splitFixture(source, 'manifest.yaml');
    const analysis = analyzeWorkspace(files.map((file) => ({ path: file.path, text: file.text })), settingsOf(source));
    const rendered = files.map((file, index) => ({ path: file.path, annotated: renderAnnotations(file.text, analysis.files[index].findings) }));
    const actual = joinFixture(rendered);
    const expected = joinFixture(files);
    if (update && actual !== expected) {
      writeFileSync(fixture, actual);
      return;
    }
    assert.equal(actual, expected, `findings differ from the annotations in ${name}; rerun with UPDATE_EXPECT=1 and review the diff`);
  });
}
