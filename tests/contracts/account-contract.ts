import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerConfig } from '../../shared/config.ts';
import type { NewUser } from '../../shared/domain/account.ts';
import type { AccountStore } from '../../shared/ports/account-store.ts';
import { openAccountStore } from '../../shared/wiring.ts';
import { testLogger } from '../support/test-logger.ts';
import { countCase } from './case-counter.ts';

export interface AccountFixture {
  name: string;
  /** A fresh, empty store's config for each case (a new SQLite file or PostgreSQL schema). */
  freshConfig: () => Promise<LedgerConfig>;
}

const newUser = (name: string, over: Partial<NewUser> = {}): NewUser => ({
  id: `u-${name}`,
  name,
  displayName: `用户${name}`,
  role: 'monitor',
  passwordHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA',
  mustChangePassword: false,
  disabled: false,
  ...over,
});

/** One contract for every AccountStore adapter: the same cases run against SQLite and PostgreSQL. */
export function accountContract(fixture: AccountFixture): void {
  describe(`AccountStore contract: ${fixture.name}`, () => {
    let config: LedgerConfig;
    let store: AccountStore;

    beforeEach(async () => {
      config = await fixture.freshConfig();
      store = await openAccountStore(config, testLogger);
    });
    afterEach(async () => {
      await store.close();
    });

    const test = (name: string, fn: () => Promise<void>) =>
      it(name, async () => {
        await fn();
        countCase(fixture.name, 'AccountStore');
      });

    test('a new store has no users; a created user reads back by id and by name exactly as written', async () => {
      expect(await store.countUsers()).toBe(0);
      const created = await store.createUser(newUser('wang', { role: 'department', department: '县人力资源和社会保障局', mustChangePassword: true }));
      expect(created).toMatchObject({ id: 'u-wang', name: 'wang', role: 'department', department: '县人力资源和社会保障局', mustChangePassword: true, disabled: false, sessionVersion: 1 });
      expect(created.createdAt).toMatch(/\+08:00$/);
      expect(await store.getUser('u-wang')).toEqual(created);
      expect(await store.findUserByName('wang')).toEqual(created);
      expect(await store.countUsers()).toBe(1);
      expect(await store.getUser('u-nobody')).toBeUndefined();
      expect(await store.findUserByName('nobody')).toBeUndefined();
    });

    test('a user without a department reads back without the field', async () => {
      const created = await store.createUser(newUser('li'));
      expect('department' in created).toBe(false);
      expect('department' in (await store.getUser(created.id))!).toBe(false);
    });

    test('a name already taken is refused with account.name_taken, and names are case-sensitive', async () => {
      await store.createUser(newUser('zhao'));
      await expect(store.createUser(newUser('zhao', { id: 'u-other' }))).rejects.toMatchObject({ code: 'account.name_taken', status: 409 });
      await store.createUser(newUser('Zhao', { id: 'u-Zhao' }));
      expect(await store.countUsers()).toBe(2);
    });

    test('users are listed by name', async () => {
      for (const n of ['zhou', 'admin', 'liu']) await store.createUser(newUser(n));
      expect((await store.listUsers()).map((u) => u.name)).toEqual(['admin', 'liu', 'zhou']);
    });

    test('an update changes only the fields given, clears a department with null and bumps the session version', async () => {
      const u = await store.createUser(newUser('sun', { role: 'department', department: 'A局' }));
      const changed = await store.updateUser(u.id, { role: 'supervisor', department: null, displayName: '孙督查' });
      expect(changed).toMatchObject({ role: 'supervisor', displayName: '孙督查', sessionVersion: 1, disabled: false, passwordHash: u.passwordHash });
      expect('department' in changed).toBe(false);
      const bumped = await store.updateUser(u.id, { passwordHash: 'scrypt$new', mustChangePassword: true, disabled: true, bumpSessionVersion: true });
      expect(bumped).toMatchObject({ passwordHash: 'scrypt$new', mustChangePassword: true, disabled: true, sessionVersion: 2, createdAt: u.createdAt });
      expect(await store.getUser(u.id)).toEqual(bumped);
      expect((await store.updateUser(u.id, { bumpSessionVersion: true })).sessionVersion).toBe(3);
    });

    test('updating a user that does not exist yields not_found', async () => {
      await expect(store.updateUser('u-ghost', { disabled: true })).rejects.toMatchObject({ code: 'accounts.not_found', status: 404 });
    });

    test('departments are added idempotently and listed by name', async () => {
      const first = await store.addDepartment('县住房和城乡建设局');
      await store.addDepartment('县公安局');
      expect(await store.addDepartment('县住房和城乡建设局')).toEqual(first);
      expect((await store.listDepartments()).map((d) => d.name)).toEqual(['县公安局', '县住房和城乡建设局'].sort());
    });

    test('login failures are counted per key inside a window, newest first, cleared per key and forgotten when old', async () => {
      await store.recordLoginFailure(['user:a', 'ip:1.2.3.4'], 1_000);
      await store.recordLoginFailure(['user:a', 'ip:1.2.3.4'], 2_000);
      await store.recordLoginFailure(['user:b', 'ip:1.2.3.4'], 3_000);
      expect(await store.recentLoginFailures('user:a', 0, 10)).toEqual([2_000, 1_000]);
      expect(await store.recentLoginFailures('user:a', 1_500, 10)).toEqual([2_000]);
      expect(await store.recentLoginFailures('ip:1.2.3.4', 0, 2)).toEqual([3_000, 2_000]);
      await store.clearLoginFailures('user:a');
      expect(await store.recentLoginFailures('user:a', 0, 10)).toEqual([]);
      expect(await store.recentLoginFailures('ip:1.2.3.4', 0, 10)).toHaveLength(3);
      await store.forgetLoginFailures(2_500);
      expect(await store.recentLoginFailures('ip:1.2.3.4', 0, 10)).toEqual([3_000]);
    });

    test('a second store on the same configuration (another responder process) sees the same accounts', async () => {
      const other = await openAccountStore(config, testLogger);
      try {
        const u = await store.createUser(newUser('qian'));
        await other.updateUser(u.id, { bumpSessionVersion: true });
        expect((await store.getUser(u.id))?.sessionVersion).toBe(2);
        await other.recordLoginFailure(['user:qian'], 5_000);
        expect(await store.recentLoginFailures('user:qian', 0, 5)).toEqual([5_000]);
      } finally {
        await other.close();
      }
    });
  });
}
