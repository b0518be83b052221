import { itemId, type RawItem } from '../shared/domain/raw-item.ts';
import { toChinaIso } from '../shared/domain/time.ts';

/** Realistic complaint texts across topics and townships, without risk words (they alert on one item). */
const TEMPLATES = [
  '{place}某小区物业公司乱收停车费，业主多次反映无人处理，请相关部门核查。',
  '{place}工业园区一家工厂夜间排放废气，气味刺鼻，附近居民无法开窗。',
  '{place}某建筑工地拖欠工人工资两个月，包工头一直推说开发商没有付款。',
  '{place}菜市场一家熟食店卫生条件差，售卖的卤味有变质的情况。',
  '{place}中心小学门口上下学时段车辆乱停，道路拥堵，孩子过马路不安全。',
  '{place}卫生院医保报销手续繁琐，老人来回跑了三次还没办好。',
  '{place}公交站台损坏多日，雨天候车没有遮挡，希望尽快修复。',
  '{place}村里有人在耕地上违章搭建厂房，村委会不管。',
  '{place}一家超市标价与结算价格不一致，涉嫌价格欺诈。',
  '{place}养老院收费上涨但服务没有改善，家属意见很大。',
];
const PLACES = ['五云街道', '新碧街道', '壶镇镇', '新建镇', '东渡镇', '舒洪镇', '大洋镇', '东方镇'];

function raw(source: string, externalId: string, text: string, at: number, region?: string): RawItem {
  return {
    id: itemId(source, externalId),
    source: { kind: 'hotline', name: source },
    externalId,
    title: text.slice(0, 12),
    text,
    publishedAt: toChinaIso(at),
    collectedAt: toChinaIso(Date.now()),
    ...(region ? { region } : {}),
    attrs: { 诉求类型: '投诉' },
    revision: 1,
  };
}

export const BENCH_EXPORT_HEADER = ['工单编号', '来电时间', '诉求类型', '诉求标题', '诉求内容', '所属区域'];

/** n export rows spread over topics and places, called in over the last day (China time). */
export function benchExportRows(n: number): string[][] {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => {
    const place = PLACES[(i * 7) % PLACES.length]!;
    const text = `${TEMPLATES[i % TEMPLATES.length]!.replace('{place}', place)}（编号${i}）`;
    const at = toChinaIso(now - ((i * 37_000) % 86_400_000)).slice(0, 19).replace('T', ' ');
    return [`B${String(i).padStart(7, '0')}`, at, '投诉', text.slice(0, 12), text, place];
  });
}

/**
 * Events that each need one more item to cross the volume alert threshold: `warmup` holds
 * threshold−1 items per event, `triggers` the item that crosses it. Each event has its own
 * place (a region the gazetteer does not know), so events never merge.
 */
export function thresholdEvents(n: number, run: string, threshold = 10): { warmup: RawItem[]; triggers: RawItem[] } {
  const now = Date.now();
  const warmup: RawItem[] = [];
  const triggers: RawItem[] = [];
  for (let e = 0; e < n; e++) {
    const region = `基准测试${e}号社区`;
    for (let k = 0; k < threshold; k++) {
      const item = raw(`latency-${run}`, `E${e}-${k}`, `${region}小区物业乱收费，业主意见很大（第${k}次反映）`, now - 60_000 + k, region);
      (k < threshold - 1 ? warmup : triggers).push(item);
    }
  }
  return { warmup, triggers };
}
