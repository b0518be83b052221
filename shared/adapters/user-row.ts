import type { User } from '../domain/account.ts';

/** The users table as both SQL stores lay it out; flags are booleans in PostgreSQL, 0/1 in SQLite. */
export interface UserRow<Flag = boolean> {
  id: string;
  name: string;
  display_name: string;
  role: User['role'];
  department: string | null;
  password_hash: string;
  must_change_password: Flag;
  disabled: Flag;
  session_version: number;
  created_at: string;
  updated_at: string;
}

/** A users row as the domain's User; `flag` reads the store's boolean representation. */
export function userFromRow<Flag>(r: UserRow<Flag>, flag: (v: Flag) => boolean): User {
  return {
    id: r.id,
    name: r.name,
    displayName: r.display_name,
    role: r.role,
    ...(r.department !== null ? { department: r.department } : {}),
    passwordHash: r.password_hash,
    mustChangePassword: flag(r.must_change_password),
    disabled: flag(r.disabled),
    sessionVersion: r.session_version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
