import { encodeHotlineCsv } from '../../services/collector/demo/hotline-csv.ts';

export const EXPORT_HEADER = ['工单编号', '来电时间', '诉求类型', '诉求来源', '诉求标题', '诉求内容', '所属区域', '一级分类', '承办单位', '办理状态', '来电人', '来电号码'];

/** Builds a 12345 export as a county system writes it: GB18030 by default, CRLF line ends. */
export function hotlineExport(rows: string[][], encoding: 'gb18030' | 'utf8-bom' = 'gb18030', header = EXPORT_HEADER): Buffer {
  return encodeHotlineCsv(header, rows, encoding);
}

/** n wage-arrears complaints from one construction site in 壶镇镇, minutes apart, from distinct callers. */
export function wageArrearsRows(n: number, start: string): string[][] {
  return Array.from({ length: n }, (_, i) => [
    `JY2026112${String(i).padStart(5, '0')}`,
    `${start}:${String(10 + i).padStart(2, '0')}`,
    '投诉',
    '电话',
    '工地拖欠农民工工资',
    `我们在壶镇镇安置小区二期工地干活，包工头拖欠农民工工资已经四个月，${i % 3 === 0 ? '工友们准备去县政府上访，' : ''}我的电话13905781${String(100 + i).padStart(3, '0')}，请县人社局帮忙讨薪。`,
    '壶镇镇',
    '劳动和社会保障',
    '县人力资源和社会保障局',
    '已受理',
    `王建${'国军华明强伟'[i % 6]}`,
    `13905781${String(100 + i).padStart(3, '0')}`,
  ]);
}
