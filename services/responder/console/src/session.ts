import { reactive } from 'vue';
import { get, post, setCsrfToken, whenUnauthenticated } from './api.ts';
import type { PublicUser, RoleCode, SessionReply } from './types.ts';

/** Who is logged in; `checked` once the first /auth/me answered. */
export const session = reactive<{ user: PublicUser | undefined; checked: boolean }>({ user: undefined, checked: false });

function accept(a: SessionReply): PublicUser {
  setCsrfToken(a.csrfToken);
  session.user = a.user;
  return a.user;
}

whenUnauthenticated(() => {
  session.user = undefined;
});

export async function loadSession(): Promise<void> {
  try {
    accept(await get<SessionReply>('/auth/me'));
  } catch {
    session.user = undefined;
  } finally {
    session.checked = true;
  }
}

export async function login(username: string, password: string): Promise<PublicUser> {
  return accept(await post<SessionReply>('/auth/login', { username, password }));
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<PublicUser> {
  return accept(await post<SessionReply>('/auth/password', { currentPassword, newPassword }));
}

export async function logout(): Promise<void> {
  try {
    await post('/auth/logout');
  } finally {
    session.user = undefined;
    setCsrfToken('');
  }
}

export function hasRole(...roles: RoleCode[]): boolean {
  return session.user !== undefined && roles.includes(session.user.role);
}
