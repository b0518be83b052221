import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topicFeatures } from '../../services/analyzer/topic-model/features.ts';
import { evaluateHeldOut } from '../../services/analyzer/topic-model/evaluate.ts';
import { isHeldOut, readLabeledMessages, splitMessages } from '../../services/analyzer/topic-model/labeled-messages.ts';
import { trainLinearSvm } from '../../services/analyzer/topic-model/linear-svm.ts';
import { DEFAULT_TOPIC_MODEL, TopicModel } from '../../services/analyzer/topic-model/topic-model.ts';

describe('the committed topic model', () => {
  const model = TopicModel.load();

  it('is small, names the seven first-level labels and says where it came from', () => {
    expect(statSync(DEFAULT_TOPIC_MODEL).size).toBeLessThan(15_000_000);
    expect(model.data.labels).toEqual(['交通运输', '劳动和社会保障', '卫生计生', '商贸旅游', '城乡建设', '教育文体', '环境保护']);
    expect(model.data.provenance).toMatchObject({ command: 'npm run train', heldOutMessages: expect.any(Number) });
  });

  it('reaches macro-F1 0.87 on the held-out messages it never saw', () => {
    const report = evaluateHeldOut(model);
    expect(report.n).toBe(model.data.provenance.heldOutMessages);
    expect(report.macroF1).toBeGreaterThanOrEqual(0.87);
  });

  it('gives the words that drove its decision as evidence', () => {
    const p = model.predict(topicFeatures('小区旁工厂排放废气', '工厂每天晚上排放废气，刺鼻异味，环保部门管不管'))!;
    expect(p.label).toBe('环境保护');
    expect(p.probability).toBeGreaterThan(0.5);
    expect(p.evidence).toEqual(expect.arrayContaining(['废气']));
    expect(p.ranking.map((r) => r.label)).toHaveLength(7);
  });

  it('makes no judgement on words it has never seen', () => {
    expect(model.predict(['qwerty', 'zzz'])).toBeUndefined();
  });
});

describe('training', () => {
  const messages = readLabeledMessages();

  it('splits the same way every time, and the two parts never share a message', () => {
    const { train, heldOut } = splitMessages(messages);
    expect(train.length + heldOut.length).toBe(messages.length);
    expect(heldOut.length / messages.length).toBeGreaterThan(0.15);
    expect(heldOut.length / messages.length).toBeLessThan(0.25);
    expect(train.some((m) => isHeldOut(m))).toBe(false);
  });

  it('learns from a small sample, deterministically', () => {
    const sample = splitMessages(messages).train.filter((_, i) => i % 10 === 0).map((m) => ({ label: m.label, features: topicFeatures(m.title, m.text) }));
    const options = { minDocs: 1, lambda: 1e-4, epochs: 6, averageFrom: 2 };
    const { probabilityScale, ...a } = trainLinearSvm(sample, options);
    expect(trainLinearSvm(sample, options)).toEqual({ ...a, probabilityScale });
    const model = new TopicModel({ ...a, provenance: {} });
    const right = sample.filter((d) => model.predict(d.features)?.label === d.label).length;
    expect(right / sample.length).toBeGreaterThan(0.9);
  });
});
