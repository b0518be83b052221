import { z } from 'zod';

/**
 * The five console roles. The stable code goes into sessions, the audit chain and the API;
 * the Chinese label is what people read and may be reworded without touching stored data.
 */
export const RoleCode = z.enum(['monitor', 'department', 'reviewer', 'supervisor', 'admin']);
export type RoleCode = z.infer<typeof RoleCode>;

export const ROLE_LABELS: Record<RoleCode, string> = {
  monitor: '舆情监测',
  department: '承办单位',
  reviewer: '审核',
  supervisor: '督查',
  admin: '管理员',
};

export const ROLES: readonly RoleCode[] = RoleCode.options;

/** Login names: short, ASCII-safe, so they fit URLs, logs and audit subjects unescaped. */
export const UserName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, '2–64 letters, digits, ".", "_" or "-", starting with a letter or digit');

/** A department (承办单位) is named as the ledger names it, e.g. 县人力资源和社会保障局. */
export const DepartmentName = z.string().trim().min(2).max(100);

export interface User {
  id: string;
  name: string;
  displayName: string;
  role: RoleCode;
  /** Required for 承办单位 users; optional for the others (the office they sit in). */
  department?: string;
  /** `scrypt$N$r$p$salt$hash`; never leaves the server. */
  passwordHash: string;
  /** Set for a one-time password: the next login must choose a new one. */
  mustChangePassword: boolean;
  disabled: boolean;
  /** Bumped on logout, password change and reset: every older session cookie stops working. */
  sessionVersion: number;
  createdAt: string;
  updatedAt: string;
}

export type NewUser = Omit<User, 'sessionVersion' | 'createdAt' | 'updatedAt'>;

/** Fields an update may change; `department: null` clears it. */
export interface UserPatch {
  displayName?: string;
  role?: RoleCode;
  department?: string | null;
  disabled?: boolean;
  passwordHash?: string;
  mustChangePassword?: boolean;
  /** Increment sessionVersion in the same write. */
  bumpSessionVersion?: boolean;
}

export interface Department {
  name: string;
  createdAt: string;
}

/** What the API shows of a user: everything but the password hash. */
export type PublicUser = Omit<User, 'passwordHash'> & { roleLabel: string };

export function publicUser(u: User): PublicUser {
  const { passwordHash: _hidden, ...rest } = u;
  return { ...rest, roleLabel: ROLE_LABELS[u.role] };
}
