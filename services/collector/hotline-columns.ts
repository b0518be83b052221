/**
 * The fields of a 12345 ticket and the column names real exports use for them. Exports from
 * different platforms name the same column differently; the first alias found wins.
 */
export const HOTLINE_COLUMNS = {
  ticketId: ['工单编号', '诉求编号', '工单号', '编号'],
  receivedAt: ['来电时间', '受理时间', '递交时间', '登记时间'],
  requestType: ['诉求类型', '工单类型'],
  channel: ['诉求来源', '来电渠道', '来源渠道'],
  title: ['标题', '诉求标题', '工单标题'],
  content: ['诉求内容', '工单内容', '来电内容', '问题描述'],
  area: ['所属区域', '事发地点', '所属地区', '事发地址'],
  category1: ['一级分类'],
  category2: ['二级分类'],
  category3: ['三级分类'],
  /** The 办事事项 the ticket is about, where the platform exports it apart from the categories. */
  matter: ['办事事项', '事项名称'],
  handler: ['承办单位', '所属部门', '责任单位'],
  status: ['办理状态', '处理状态', '工单状态'],
  closedAt: ['办结时间', '完成时间'],
  reply: ['回复内容', '回复意见', '办理结果'],
  satisfaction: ['满意度', '回访满意度'],
  callerName: ['来电人', '诉求人', '姓名'],
  callerPhone: ['来电号码', '联系电话', '联系方式'],
} as const;

export type HotlineField = keyof typeof HOTLINE_COLUMNS;

/** Which header column holds each field; fields the export lacks are absent. */
export type ColumnMap = Partial<Record<HotlineField, string>>;

/** Fields without which a row cannot become an item. */
export const REQUIRED_FIELDS: HotlineField[] = ['ticketId', 'receivedAt', 'content'];

/** Matches a header row against the aliases; per-source overrides take precedence. */
export function mapColumns(header: string[], overrides: ColumnMap = {}): ColumnMap {
  const present = new Set(header.map((h) => h.trim()));
  const map: ColumnMap = {};
  for (const [field, aliases] of Object.entries(HOTLINE_COLUMNS) as [HotlineField, readonly string[]][]) {
    const override = overrides[field];
    const column = override !== undefined && present.has(override) ? override : aliases.find((a) => present.has(a));
    if (column !== undefined) map[field] = column;
  }
  return map;
}

/** The attrs names under which hotline fields travel, as staff know them. */
export const ATTR_NAMES: Partial<Record<HotlineField, string>> = {
  requestType: '诉求类型',
  channel: '诉求来源',
  category1: '一级分类',
  category2: '二级分类',
  category3: '三级分类',
  matter: '办事事项',
  handler: '承办单位',
  status: '办理状态',
  closedAt: '办结时间',
  reply: '回复内容',
  satisfaction: '满意度',
};
