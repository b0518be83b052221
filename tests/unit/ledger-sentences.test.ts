import { describe, expect, it } from 'vitest';
import { LEDGER_ACTIONS, type LedgerActionName } from '../../shared/domain/ledger-actions.ts';
import { actionLabel, actorName, entrySentence, roleLabel, subjectLabel } from '../../shared/domain/ledger-sentences.ts';

// One payload per action, as the responder writes them.
const PAYLOADS: Record<LedgerActionName, Record<string, unknown>> = {
  'case.opened': { id: 'C-1', title: '壶镇工地欠薪', lead: '县人社局', coResponsible: ['壶镇镇人民政府'], level: '较大', deadlines: [] },
  'case.updated': { level: '重大', lead: '县住建局', deadlines: [{ kind: 'respond' }] },
  'case.closed': { reason: '已妥善处置' },
  'case.reopened': {},
  'draft.saved': { version: 2, text: '县人社局已责成施工方三日内结清工资。', hash: 'abc' },
  'draft.commented': { version: 2, text: '请补充已结清人数' },
  'draft.approved': { version: 2, hash: 'abc' },
  'publication.recorded': { channel: '政务微博', publishedAt: '2026-11-21T18:00:00+08:00', hash: 'abc', url: 'https://example.gov.cn/a' },
  'commitment.added': { id: 'k1', caseId: 'C-1', text: '三日内结清工资', owner: '县人社局', dueAt: '2026-11-24T23:59:59.999+08:00', dueText: '三日内', vague: false, source: 'response', promiser: 'third-party', party: '施工方' },
  'commitment.fulfilled': { text: '已结清 42 人工资', file: { name: '发放清单.pdf' } },
  'commitment.verified': { note: '抽查属实' },
  'commitment.broken': { reason: '未按期落实' },
  'commitment.cancelled': { reason: '重复登记' },
  'commitment.reminded': { kind: 'overdue' },
  'alert.acknowledged': {},
  'digest.daily': { date: '2026-11-21' },
  'rules.saved': { revision: 3, reason: '调整回应时限' },
  'user.created': { name: 'zhangsan', displayName: '张三', role: 'reviewer', department: '县委网信办' },
  'user.updated': { changes: { role: 'admin', disabled: true, passwordHash: 'x' } },
  'user.password_reset': {},
  'user.password_changed': {},
  'department.created': { name: '五云街道办事处' },
  'session.login': { ip: '10.0.0.7' },
  'session.logout': {},
  'session.login_failed': { ip: '10.0.0.7', reason: '密码错误' },
};

describe('ledger entries as sentences (台账记录, 审计记录)', () => {
  it('every action reads in Chinese, without codes, role names in English or JSON', () => {
    const codes = new RegExp(LEDGER_ACTIONS.map((a) => a.replace('.', '\\.')).join('|'));
    for (const action of LEDGER_ACTIONS) {
      const text = `${actionLabel(action)} ${entrySentence({ action, payload: PAYLOADS[action] })}`;
      expect(text, action).not.toMatch(codes);
      expect(text, action).not.toMatch(/[{}"]|\b(?:monitor|reviewer|supervisor|admin|department|undefined|null)\b/);
      expect(text, action).toMatch(/\p{Script=Han}/u);
    }
  });

  it('says what the payload holds', () => {
    expect(entrySentence({ action: 'case.opened', payload: PAYLOADS['case.opened'] })).toBe('立案「壶镇工地欠薪」，牵头单位县人社局，协办壶镇镇人民政府，级别较大');
    expect(entrySentence({ action: 'commitment.added', payload: PAYLOADS['commitment.added'] })).toBe('登记承诺「三日内结清工资」，责任单位县人社局，三日内（第三方承诺：施工方）');
    // A field without a name (a password hash) is counted, never shown.
    expect(entrySentence({ action: 'user.updated', payload: PAYLOADS['user.updated'] })).toBe('修改用户：角色改为管理员，停用改为是，另有 1 项设置');
  });

  it('names people and subjects as staff read them', () => {
    const names = new Map([['u-1', '张三']]);
    const nameOf = (id: string) => names.get(id);
    expect(actorName({ id: 'u-1', role: 'reviewer' }, nameOf)).toBe('张三');
    expect(actorName({ id: 'u-1', name: '张三丰', role: 'reviewer' }, nameOf)).toBe('张三丰');
    expect(actorName({ id: 'system', role: 'system' })).toBe('系统');
    expect(roleLabel('supervisor')).toBe('督查');
    expect(subjectLabel('user:u-1', nameOf)).toBe('用户 张三');
    expect(subjectLabel('case:C-1')).toBe('事项 C-1');
    expect(subjectLabel('rules:response')).toBe('回应规则');
  });
});
