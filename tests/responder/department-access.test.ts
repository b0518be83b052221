import { describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/account.ts';
import { assertDepartmentAccess, caseDepartments, departmentScope, mayAccessDepartments } from '../../services/responder/auth/department-access.ts';

const user = (role: User['role'], department?: string): User => ({
  id: `u-${role}`,
  name: role,
  displayName: role,
  role,
  ...(department ? { department } : {}),
  passwordHash: 'x',
  mustChangePassword: false,
  disabled: false,
  sessionVersion: 1,
  createdAt: '2026-11-24T09:00:00+08:00',
  updatedAt: '2026-11-24T09:00:00+08:00',
});

const wageCase = { lead: '县人力资源和社会保障局', coResponsible: ['县住房和城乡建设局'] };

describe('department access', () => {
  it('a 承办单位 user reaches cases it leads or shares, and no other department\'s', () => {
    const rsj = user('department', '县人力资源和社会保障局');
    const zjj = user('department', '县住房和城乡建设局');
    const gaj = user('department', '县公安局');
    expect(mayAccessDepartments(rsj, caseDepartments(wageCase))).toBe(true);
    expect(mayAccessDepartments(zjj, caseDepartments(wageCase))).toBe(true);
    expect(() => assertDepartmentAccess(gaj, caseDepartments(wageCase))).toThrow(expect.objectContaining({ code: 'auth.other_department', status: 403 }));
  });

  it('monitoring, review, supervision and administration see every department', () => {
    for (const role of ['monitor', 'reviewer', 'supervisor', 'admin'] as const) {
      expect(departmentScope(user(role, '县委宣传部'))).toBeUndefined();
      expect(mayAccessDepartments(user(role), ['县公安局'])).toBe(true);
    }
  });

  it('a 承办单位 user without a department reaches nothing', () => {
    expect(departmentScope(user('department'))).toEqual([]);
    expect(mayAccessDepartments(user('department'), caseDepartments(wageCase))).toBe(false);
  });
});
