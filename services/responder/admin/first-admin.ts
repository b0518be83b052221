import { randomUUID } from 'node:crypto';
import { ConflictError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { AccountStore } from '../../../shared/ports/account-store.ts';
import type { LedgerStore } from '../../../shared/ports/ledger-store.ts';
import { hashPassword, oneTimePassword } from '../auth/password-hash.ts';

/**
 * On an installation with no user, creates `admin` (管理员) with a random one-time password
 * and shows it once through `announce` (the terminal, never the JSON log). There is no
 * default password. When several responders start together, one creates the account and the
 * others find the name taken and say nothing.
 */
export async function ensureFirstAdmin(deps: { accounts: AccountStore; ledger: LedgerStore; logger: Logger; announce: (text: string) => void }): Promise<void> {
  if ((await deps.accounts.countUsers()) > 0) return;
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  const id = randomUUID();
  try {
    await deps.accounts.createUser({ id, name: 'admin', displayName: '系统管理员', role: 'admin', passwordHash, mustChangePassword: true, disabled: false });
  } catch (err) {
    if (err instanceof ConflictError) return;
    throw err;
  }
  // Created first, audited second: an audit entry for an account a concurrent start created would be false.
  await deps.ledger.append({ actor: { id: 'system', role: 'system' }, action: 'user.created', subject: `user:${id}`, payload: { name: 'admin', displayName: '系统管理员', role: 'admin' } });
  deps.logger.info({ user: 'admin' }, 'first administrator created; its one-time password was printed to the terminal');
  deps.announce(
    [
      '',
      '  首次启动：已创建管理员账号 / first start: administrator created',
      '    用户名 / user:      admin',
      `    一次性密码 / one-time password: ${password}`,
      '  首次登录后必须修改密码；此密码只显示这一次。/ Change it at first login; it is shown only once.',
      '',
      '',
    ].join('\n'),
  );
}

/**
 * On an installation with no department yet, adds the county's departments (the gazetteer's,
 * the same list the analyzer recognises in texts), so the first case can be assigned at once.
 * An administrator edits the list afterwards; adding is idempotent, so concurrent starts agree.
 */
export async function ensureDepartments(accounts: AccountStore, names: readonly string[]): Promise<void> {
  if ((await accounts.listDepartments()).length > 0) return;
  for (const name of names) await accounts.addDepartment(name);
}
