import { describe, expect, it } from 'vitest';
import { testUser } from '../support/records.ts';
import { assertDepartmentAccess, caseDepartments, departmentScope, mayAccessDepartments } from '../../services/responder/auth/department-access.ts';


const wageCase = { lead: '县人力资源和社会保障局', coResponsible: ['县住房和城乡建设局'] };

describe('department access', () => {
  it('a 承办单位 user reaches cases it leads or shares, and no other department\'s', () => {
    const rsj = testUser('department', '县人力资源和社会保障局');
    const zjj = testUser('department', '县住房和城乡建设局');
    const gaj = testUser('department', '县公安局');
    expect(mayAccessDepartments(rsj, caseDepartments(wageCase))).toBe(true);
    expect(mayAccessDepartments(zjj, caseDepartments(wageCase))).toBe(true);
    expect(() => assertDepartmentAccess(gaj, caseDepartments(wageCase))).toThrow(expect.objectContaining({ code: 'auth.other_department', status: 403 }));
  });

  it('monitoring, review, supervision and administration see every department', () => {
    for (const role of ['monitor', 'reviewer', 'supervisor', 'admin'] as const) {
      expect(departmentScope(testUser(role, '县委宣传部'))).toBeUndefined();
      expect(mayAccessDepartments(testUser(role), ['县公安局'])).toBe(true);
    }
  });

  it('a 承办单位 user without a department reaches nothing', () => {
    expect(departmentScope(testUser('department'))).toEqual([]);
    expect(mayAccessDepartments(testUser('department'), caseDepartments(wageCase))).toBe(false);
  });
});
