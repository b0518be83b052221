/** The words the demo export's scenarios are written in: appeal types, sources, places and departments. */

/** Values with weights, for the seeded random choice. */
export type Weighted<T> = readonly (readonly [T, number])[];

/** Where calls of a kind come from: the county seat, and the industrial towns. */
export const URBAN = ['五云街道', '新碧街道', '壶镇镇', '仙都街道'];
export const INDUSTRIAL = ['壶镇镇', '新碧街道', '东渡镇', '新建镇', '舒洪镇', '东方镇'];

export type AppealType = '咨询' | '求助' | '建议' | '投诉' | '举报' | '感谢';
export type Source = '电话' | '微信' | '网站' | '浙里办' | '市长信箱';
export type Status = '已受理' | '办理中' | '已办结' | '已回访';

export interface Scenario {
  key: string;
  level1: string;
  level2: string;
  /** 承办单位: a department name from the gazetteer. */
  dept: string;
  types: Weighted<AppealType>;
  weight: number;
  towns?: readonly string[];
  /** titles[i] and asks[i] go with bodies[i]; a single title or ask fits every body. */
  titles: readonly string[];
  bodies: readonly string[];
  asks: readonly string[];
  /** Official reply text, used once the ticket is 已办结 or 已回访. */
  replies: readonly string[];
}

export const RENSHE = '县人力资源和社会保障局';
export const ZHUJIAN = '县住房和城乡建设局';
export const SHICHANG = '县市场监督管理局';
export const SHENGTAI = '丽水市生态环境局缙云分局';
export const ZHIFA = '县综合行政执法局';
export const JIAOYU = '县教育局';
export const JIAOTONG = '县交通运输局';
