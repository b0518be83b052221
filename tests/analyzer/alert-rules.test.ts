import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlertRules } from '../../services/analyzer/alert-rules.ts';
import { readJson } from '../../shared/read-json.ts';

const SHIPPED = resolve(import.meta.dirname, '../../config/alert-rules.json');
const dir = mkdtempSync(join(tmpdir(), 'yuqing-rules-'));

function withEdit(name: string, edit: (rules: Record<string, unknown>) => void): string {
  const rules = JSON.parse(readFileSync(SHIPPED, 'utf8')) as Record<string, unknown>;
  edit(rules);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(rules));
  return path;
}

describe('alert rules file', () => {
  it('the shipped file has every kind of rule the issue names', () => {
    const rules = readJson(SHIPPED, AlertRules);
    expect(rules.volume.length).toBeGreaterThan(0);
    expect(rules.riskSignal.length).toBeGreaterThan(0);
    expect(rules.burst.length).toBeGreaterThan(0);
    expect(rules.hotlineConcentration.map((r) => r.by).sort()).toEqual(['办事事项', '承办单位']);
    expect(rules.heat.length).toBeGreaterThan(0);
    expect(rules.escalation.minLevel).toBe('一般');
    expect(rules.clustering).toEqual({ duplicateHamming: 6, duplicateSimilarity: 0.8, windowHours: 72, minSimilarity: 0.16, minTextSimilarity: 0.06, topicWeight: 1, timeWeight: 1, timeScaleHours: 6, mergeRatio: 0.5 });
    expect(rules.lifecycle.quietHours).toBe(72);
    // Praise, thanks and questions count toward no rule unless a rule says otherwise.
    for (const r of [...rules.volume, ...rules.riskSignal, ...rules.burst, ...rules.hotlineConcentration]) expect(r.excludeAppealTypes).toEqual(['表扬', '感谢', '咨询']);
  });

  it('a file with only the first two kinds of rule still loads, with defaults for the rest', () => {
    const path = withEdit('old', (r) => {
      for (const k of ['clustering', 'burst', 'hotlineConcentration', 'heat', 'escalation']) delete r[k];
    });
    const rules = readJson(path, AlertRules);
    expect(rules.burst).toEqual([]);
    expect(rules.clustering.windowHours).toBe(72);
  });

  it.each([
    ['an unknown level', (r: Record<string, unknown>) => ((r.volume as { level: string }[])[0]!.level = '很大'), /volume\[0\]\.level|volume.0.level/],
    ['a misspelt key', (r: Record<string, unknown>) => ((r.burst as Record<string, unknown>[])[0]!.minItem = 3), /minItem/],
    ['a Hamming threshold past 12 bits', (r: Record<string, unknown>) => ((r.clustering as Record<string, unknown>).duplicateHamming = 20), /no longer near-duplicates/],
    ['a concentration on an unknown attribute', (r: Record<string, unknown>) => ((r.hotlineConcentration as Record<string, unknown>[])[0]!.by = '来电人'), /by/],
    ['a concentration counting no 诉求类型', (r: Record<string, unknown>) => ((r.hotlineConcentration as Record<string, unknown>[])[0]!.appealTypes = []), /appealTypes/],
  ])('%s is refused at start with the file and the key named', (name, edit, message) => {
    const path = withEdit(name.replaceAll(' ', '-'), edit);
    expect(() => readJson(path, AlertRules)).toThrow(path);
    expect(() => readJson(path, AlertRules)).toThrow(message);
  });
});
