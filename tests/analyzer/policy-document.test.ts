import { describe, expect, it } from 'vitest';
import { ItemAnalyzer } from '../../services/analyzer/item-analyzer.ts';
import { normalizeText } from '../../services/analyzer/normalize.ts';
import { extractPolicyDocument, policyOfItem } from '../../services/analyzer/policy-document.ts';
import { AnalyzedItem } from '../../shared/domain/analyzed-item.ts';
import { PolicyDocument, type PolicyTask } from '../../shared/domain/policy-document.ts';
import { rawItem, readPage, shippedRules } from './analyzer-fixtures.ts';

const read = (name: string): PolicyDocument => {
  const doc = extractPolicyDocument(normalizeText(readPage(name)));
  if (!doc) throw new Error(`${name} was not read as a policy document`);
  return PolicyDocument.parse(doc);
};
const task = (doc: PolicyDocument, ref: string): PolicyTask => {
  const found = doc.tasks.find((t) => t.ref === ref);
  if (!found) throw new Error(`no task ${ref}`);
  return found;
};
const END_2021 = '2021-12-31T23:59:59.999+08:00';

describe('extractPolicyDocument on the 缙云 2021 work plan', () => {
  const doc = read('jinyun-2021-zhengwu-gongkai-yaodian.txt');

  it('reads 文号, 发布机关, date and title from the head and the 版记', () => {
    expect(doc).toMatchObject({
      docNumber: '缙政办发〔2021〕25号',
      issuer: '缙云县人民政府办公室',
      date: '2021-07-16',
      title: '缙云县人民政府办公室关于印发2021年缙云县政务公开工作要点的通知',
    });
  });

  // Counted by hand: one task per closing responsibility note "（…负责）". Per item:
  // 一(一)1 (二)1 (三)4 (四)2 (五)1 (六)1 = 10; 二(一)1 (二)1 (三)1 = 3; 三(一)1 (二)3 = 4;
  // 四(一)1 (二)1 (三)2 = 4; 五(一)2 (二)2 = 4. Total 25.
  it('finds one task per responsibility note: 25', () => {
    expect(doc.tasks).toHaveLength(25);
    expect(doc.tasks.every((t) => t.lead.length > 0 || t.leadRoles)).toBe(true);
  });

  it('keeps a lead named by role as a role, not as a unit', () => {
    expect(task(doc, '一、（六）')).toMatchObject({ lead: [], leadRoles: ['各有关单位'] });
    expect(task(doc, '三、（二）')).toMatchObject({ lead: [], leadRoles: ['各行政机关'] });
    expect(task(doc, '五、（一）-2')).toMatchObject({ lead: [], leadRoles: ['县级有关主管部门'] });
    expect(doc.tasks.filter((t) => t.leadRoles)).toHaveLength(6);
    expect(task(doc, '一、（一）').leadRoles).toBeUndefined();
  });

  it('keeps the 1-month deadline whose anchor has no date, with the reason', () => {
    expect(task(doc, '一、（一）')).toMatchObject({
      text: '加强重要政府信息公开，强化政令权威发布',
      lead: ['县司法局'],
      coResponsible: [],
      deadline: { text: '在征求活动结束后1个月内', reason: '起算点“征求活动结束”的日期文中未写明' },
    });
    expect(task(doc, '一、（一）').deadline.dueAt).toBeUndefined();
  });

  it('gives every unit of "A、B、C分别牵头负责" the lead', () => {
    expect(task(doc, '一、（二）').lead).toEqual(['县发改局', '县自然资源和规划局', '县大数据发展中心']);
    expect(task(doc, '一、（五）').lead).toHaveLength(5);
  });

  it('splits an item with several notes into several tasks, each with its own passage', () => {
    const second = task(doc, '一、（三）-2');
    expect(second.text).toMatch(/^全面公开、动态更新市场准入负面清单/);
    expect(second.lead).toEqual(['县发改局', '县市场监管局', '县经济商务局']);
    expect(task(doc, '一、（三）-4').lead).toEqual(['县发改局', '县市场监管局']);
    expect(task(doc, '三、（二）-3').detail).toContain('解决“同案不同判”问题');
  });

  it('reads "A会同B负责" as lead A with co-responsible B', () => {
    expect(task(doc, '一、（四）-2')).toMatchObject({ lead: ['县政府办公室'], coResponsible: ['财政等有关部门'] });
  });

  it('marks tasks without a written deadline as such', () => {
    expect(task(doc, '二、（三）').deadline).toEqual({ text: '', reason: '文中未写明时限' });
    expect(doc.tasks.filter((t) => t.deadline.dueAt)).toHaveLength(0);
  });
});

describe('extractPolicyDocument on the 喀左 2021 work plan', () => {
  const doc = read('kazuo-2021-zhengwu-gongkai-yaodian.txt');

  it('takes the signature date and its issuer, not a 文号 cited in the text', () => {
    expect(doc).toMatchObject({ docNumber: '喀政办发〔2021〕27号', issuer: '喀左县人民政府办公室', date: '2021-07-07' });
  });

  // Counted by hand: the plan numbers its tasks 1. to 21., each closed by one
  // "（牵头单位：…；责任单位：…）" note (17's on its own line, 18's inside the bold markers).
  it('finds the 21 numbered tasks', () => {
    expect(doc.tasks.map((t) => t.ref.split('、')[1])).toEqual(Array.from({ length: 21 }, (_, i) => String(i + 1)));
  });

  it('reads 牵头单位 as lead and 责任单位 as co-responsible, bold markers gone', () => {
    expect(task(doc, '一、1')).toMatchObject({
      text: '全面公开各类规划信息',
      lead: ['县发展和改革局', '县自然资源局'],
      coResponsible: ['各乡镇街区', '县政府有关部门'],
    });
    expect(task(doc, '三、12').lead).toEqual(['县政府办公室', '县营商环境建设局', '县市场监管局', '县政府信息综合服务中心']);
    expect(task(doc, '五、18')).toMatchObject({ lead: ['县政府办公室'], coResponsible: ['各乡镇街区', '县政府各部门'] });
  });

  it('keeps a note on its own line with the task above it', () => {
    expect(task(doc, '四、17')).toMatchObject({
      text: '完成试点领域信息公开标准建设',
      lead: ['县住建局', '县乡村振兴局', '县应急管理局'],
      coResponsible: ['各乡镇街区', '县政府相关部门'],
    });
  });

  it('resolves "在2021年底前" and a yearless "年底前" to 31 December of the document year', () => {
    expect(task(doc, '一、5').deadline).toEqual({ text: '2021年底前', dueAt: END_2021 });
    expect(task(doc, '三、15')).toMatchObject({ lead: ['县政府办公室'], coResponsible: [], deadline: { text: '年底前', dueAt: END_2021 } });
    expect(doc.tasks.filter((t) => t.deadline.dueAt)).toHaveLength(2);
  });
});

describe('extractPolicyDocument on the 浙江 2020 实施意见', () => {
  const doc = read('zhejiang-2020-jiceng-zhengwu-gongkai.txt');

  it('reads 文号, 发布机关 and the 印发 date', () => {
    expect(doc).toMatchObject({ docNumber: '浙政办发〔2020〕16号', issuer: '浙江省人民政府办公厅', date: '2020-04-20' });
  });

  // Counted by hand: no responsibility notes, so each numbered item is a task: 二、主要任务
  // (一)…(六) = 6 and 三、保障措施 (一)…(三) = 3. 一、总体要求 has no numbered items. Total 9.
  it('takes each numbered item as a task whose units the document does not name', () => {
    expect(doc.tasks.map((t) => t.ref)).toEqual(['二、（一）', '二、（二）', '二、（三）', '二、（四）', '二、（五）', '二、（六）', '三、（一）', '三、（二）', '三、（三）']);
    expect(doc.tasks.every((t) => t.lead.length === 0 && t.coResponsible.length === 0)).toBe(true);
  });

  it('resolves "2020年9月底前" to the end of September, China time', () => {
    expect(task(doc, '二、（一）')).toMatchObject({
      text: '制定完善政务公开事项标准目录',
      deadline: { text: '2020年9月底前', dueAt: '2020-09-30T23:59:59.999+08:00' },
    });
    expect(doc.tasks.filter((t) => t.deadline.dueAt)).toHaveLength(1);
  });
});

/** A small document dated `date` with one task item. */
const docWith = (item: string, date = '2021年7月16日'): PolicyDocument | undefined =>
  extractPolicyDocument(normalizeText(`某县人民政府办公室文件\n\n某政办发〔2021〕9号\n\n${item}\n\n某县人民政府办公室\n\n${date}`));
const deadlineOf = (item: string, date?: string) => docWith(item, date)?.tasks[0]?.deadline;

describe('extractPolicyDocument deadline forms', () => {
  it('counts "7个工作日内" in a 时限 field from the document date, skipping weekends', () => {
    expect(deadlineOf('（一）开展自查。（牵头单位：县政府办公室；完成时限：7个工作日内）')).toEqual({
      text: '7个工作日内',
      dueAt: '2021-07-27T23:59:59.999+08:00',
    });
  });

  it('counts working days across the National Day holiday and its make-up Saturday', () => {
    // 2021-09-28 (Tue): 9/29, 9/30, 10/8, 10/9 (调休 workday), 10/11, 10/12, 10/13.
    expect(deadlineOf('（一）开展自查。（牵头单位：县政府办公室；完成时限：7个工作日内）', '2021年9月28日')?.dueAt).toBe('2021-10-13T23:59:59.999+08:00');
  });

  it('gives no working-day deadline past the published holiday calendar, with the reason', () => {
    const d = deadlineOf('（一）开展自查。（牵头单位：县政府办公室；完成时限：10个工作日内）', '2026年12月28日');
    expect(d?.dueAt).toBeUndefined();
    expect(d?.reason).toMatch(/节假日安排只公布到\d{4}年/);
  });

  it('counts "本通知印发之日起1个月内" from the document date', () => {
    expect(deadlineOf('（一）开展自查。本通知印发之日起1个月内完成自查。（县政府办公室牵头负责）')).toEqual({
      text: '本通知印发之日起1个月内',
      dueAt: '2021-08-16T23:59:59.999+08:00',
    });
  });

  it('keeps "在征求活动结束后1个月内" without a due date, and a per-request limit too', () => {
    expect(deadlineOf('（一）公开采纳情况。在征求活动结束后1个月内公布。（县司法局牵头负责）')).toEqual({
      text: '在征求活动结束后1个月内',
      reason: '起算点“征求活动结束”的日期文中未写明',
    });
    expect(deadlineOf('（一）办理诉求。对群众诉求，7个工作日内答复。（县信访局负责）')).toEqual({ text: '7个工作日内', reason: '未写明起算点' });
  });

  it('puts a yearless "9月底前" in the document year and refuses one that falls before the document', () => {
    expect(deadlineOf('（一）开展自查。各单位9月底前完成。（县财政局牵头，县审计局配合）')).toEqual({ text: '9月底前', dueAt: '2021-09-30T23:59:59.999+08:00' });
    expect(deadlineOf('（一）开展自查。各单位6月底前完成。（县财政局牵头）')).toEqual({ text: '6月底前', reason: '未写明年份，且早于文件日期2021-07-16' });
  });

  it('resolves a full date and a month-end of February', () => {
    expect(deadlineOf('1. 开展自查。2021年10月15日前完成。（责任单位：县财政局）')?.dueAt).toBe('2021-10-15T23:59:59.999+08:00');
    expect(deadlineOf('1. 开展自查。2024年2月底前完成。（责任单位：县财政局）')?.dueAt).toBe('2024-02-29T23:59:59.999+08:00');
  });

  it('reads "长期坚持" and "持续推进" as ongoing tasks without a due date', () => {
    expect(deadlineOf('（一）开展自查。（牵头单位：县财政局；完成时限：长期坚持）')).toEqual({ text: '长期坚持', reason: '长期任务，没有截止日期' });
    expect(deadlineOf('（一）开展自查。各单位持续推进自查。（县财政局负责）')).toEqual({ text: '持续推进', reason: '长期任务，没有截止日期' });
  });

  it('reads a time limit written inside a verb-form note', () => {
    expect(docWith('（一）开展清理。（县财政局牵头，县审计局、各乡镇配合，2021年底前完成）')?.tasks[0]).toMatchObject({
      lead: ['县财政局'],
      coResponsible: ['县审计局', '各乡镇'],
      deadline: { text: '2021年底前', dueAt: END_2021 },
    });
  });

  it('lets 责任单位 lead when no 牵头单位 is named', () => {
    expect(docWith('1. 开展自查。（责任单位：县财政局、县审计局）')?.tasks[0]).toMatchObject({ lead: ['县财政局', '县审计局'], coResponsible: [] });
  });
});

describe('extractPolicyDocument on texts that are not documents', () => {
  it('gives undefined for a citizen complaint, even one quoting a deadline and a 牵头负责', () => {
    expect(extractPolicyDocument(normalizeText('我家楼下的餐馆油烟很大，说2021年9月底前整改，到现在也没有。县市场监管局牵头负责也没用，请尽快处理！'))).toBeUndefined();
  });

  it('gives undefined for a numbered list of complaints', () => {
    expect(extractPolicyDocument(normalizeText('1. 小区路灯坏了。\n2. 下水道堵了，三个月内都没人修。'))).toBeUndefined();
  });

  it('does not take an aside in brackets for a responsibility note', () => {
    const doc = docWith('（一）做好疫情信息发布。坚持依法发布（分级负责）的原则。（县卫生健康局牵头负责）');
    expect(doc?.tasks.map((t) => t.lead)).toEqual([['县卫生健康局']]);
  });
});

describe('policyOfItem', () => {
  const page = { source: { kind: 'page' as const, name: '缙云县政府网' }, publishedAt: '2021-07-20T10:00:00+08:00' };

  it('uses the page attrs and date when the article text leaves the header out', () => {
    const doc = policyOfItem({ ...page, attrs: { 文号: '缙政办发〔2021〕25号', 发布机关: '缙云县人民政府办公室' } }, '（一）开展自查。本通知印发之日起7个工作日内完成。（县司法局牵头负责）');
    expect(doc).toMatchObject({ docNumber: '缙政办发〔2021〕25号', issuer: '缙云县人民政府办公室', date: '2021-07-20' });
    expect(doc?.tasks[0]?.deadline.dueAt).toBe('2021-07-29T23:59:59.999+08:00');
  });

  it('skips a hotline item that does not read like a document', () => {
    expect(policyOfItem({ source: { kind: 'hotline', name: '12345' }, publishedAt: page.publishedAt, attrs: {} }, '1. 路灯坏了。（县住建局负责）')).toBeUndefined();
  });
});

describe('ItemAnalyzer and policy documents', () => {
  const analyzer = new ItemAnalyzer(shippedRules());

  it('attaches the policy of a page that is a document, and the analysis still validates', () => {
    const text = readPage('kazuo-2021-zhengwu-gongkai-yaodian.txt');
    const a = analyzer.analyze(rawItem(text, { source: { kind: 'page', name: '喀左县政府网' }, title: '喀左县人民政府办公室关于印发喀左县2021年政务公开工作要点的通知' }));
    expect(a.policy).toMatchObject({ docNumber: '喀政办发〔2021〕27号', date: '2021-07-07' });
    expect(a.policy?.tasks).toHaveLength(21);
    expect(AnalyzedItem.safeParse({ ...a, eventId: 'e1' }).success).toBe(true);
  });

  it('leaves a citizen complaint without one', () => {
    expect(analyzer.analyze(rawItem('工地老板拖欠工资三个月，说9月底前发，到现在没发')).policy).toBeUndefined();
  });
});
