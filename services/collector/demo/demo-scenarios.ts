/**
 * The demo export's ticket scenarios: one per kind of appeal, with its classification,
 * 承办单位, texts and official replies, plus the wage-arrears burst. Data only; the generator
 * (demo-export.ts) fills the {slot} placeholders. Every person, company, estate and
 * construction site is fictional; place names come from config/gazetteer.json.
 */
import { LIVELIHOOD_SCENARIOS } from './demo-livelihood-scenarios.ts';
import { PUBLIC_AFFAIRS_SCENARIOS } from './demo-public-affairs-scenarios.ts';
import type { Scenario } from './demo-vocabulary.ts';

export const SCENARIOS: readonly Scenario[] = [...LIVELIHOOD_SCENARIOS, ...PUBLIC_AFFAIRS_SCENARIOS];

/** Callers who keep calling about the same problem (3–4 tickets each). */
export const REPEATABLE = ['noise', 'air', 'property-fee', 'road', 'wage-factory'];

// The burst: workers of one site, calling within the last three hours.
export const BURST_TITLES = [
  '{site}拖欠农民工工资', '反映{site}欠薪，工人聚集', '壶镇安置小区二期工地欠薪', '紧急：工地工人讨薪', '{contractor}拖欠工人工资',
];
export const BURST_BODIES = [
  '我是{site}的{trade}，跟着包工头老陈干了{months}个多月，一分钱工资都没拿到，我一个人就被欠了{amount}元。总包{contractor}说工程款早就拨给老陈了，老陈现在电话也不接。今天工地上几十个工人都聚集在项目部门口，大家情绪很激动。',
  '{site}拖欠我们农民工工资已经{months}个月了，工地上{workers}多个工人都没拿到钱。现在工人们在工地门口拉了横幅，写着"还我血汗钱"，{contractor}的人一直不出面。',
  '我们是在{site}干活的，{contractor}和包工头互相推，工资一拖再拖。大家商量好了，今天再不给说法，明天一早就一起去县政府上访。',
  '壶镇那个安置小区二期的工地，工人被欠薪{months}个月，现在几十号人堵在工地门口，已经有媒体来拍视频了，抖音上也有人在转。',
  '我老公在{site}做钢筋工，{months}个月没发工资了，家里孩子的学费都交不起。听工地上的人说{dept}之前来过一次，后来就没下文了。',
  '{site}欠薪的事情今天闹大了，有个工人爬到塔吊上不肯下来，说不给钱就不下来，下面围了很多人，派出所的人也来了。',
  '在{site}干活的{workers}多个工人，从去年年底到现在的工资都没结，加起来有{total}万多。我们找过壶镇镇政府，说在协调，工人们都说再拖就去市里、去省里上访。',
  '我是外地来缙云打工的，在{site}做木工，老板欠我{amount}元。现在工地已经停工了，我们连回家的路费都没有，大家都在项目部门口坐着，不拿到钱不走。',
  '{contractor}承建的{site}，包工头老陈卷款跑了，我们{workers}个人的工资没人管。今天大家到壶镇镇政府门口聚集，要求政府给个说法，工友说已经联系了记者。',
];
export const BURST_REPEAT_TITLE = '再次反映{site}欠薪';
export const BURST_REPEAT_BODIES = [
  '再次反映{site}欠薪问题。前面已经打过电话，到现在没有任何部门来处理，工人已经拉了横幅，有记者在现场拍视频，请领导重视。',
  '刚才反映过的{site}欠薪，现在工人越来越多，有人说要去县政府门口拉横幅，再不处理要出事了。',
];
export const BURST_ASKS = [
  '请{dept}马上介入，督促{contractor}先行垫付工资。', '请政府尽快出面协调，让工人拿到血汗钱。', '希望有关部门今天就来现场处理。',
];
