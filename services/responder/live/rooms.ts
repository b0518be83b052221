import type { RoleCode, User } from '../../../shared/domain/account.ts';
import { mayAccessDepartments } from '../auth/department-access.ts';

/**
 * socket.io room names. Every console socket joins its role's room, its user's room and, for a
 * 承办单位 user, its department's room; alerts and case notifications are addressed to rooms,
 * so with the Redis adapter they reach the right sockets on every responder process.
 */
export const roleRoom = (role: RoleCode): string => `role:${role}`;
export const deptRoom = (department: string): string => `dept:${department}`;
export const userRoom = (userId: string): string => `user:${userId}`;

/** Roles that watch every alert, whatever departments it concerns. */
export const ALERT_ROLES: readonly RoleCode[] = ['monitor', 'reviewer', 'supervisor', 'admin'];

/** The rooms a user's socket joins on connect. */
export function roomsOfUser(user: Pick<User, 'id' | 'role' | 'department'>): string[] {
  const rooms = [roleRoom(user.role), userRoom(user.id)];
  if (user.role === 'department' && user.department) rooms.push(deptRoom(user.department));
  return rooms;
}

/** The rooms an alert goes to: every watching role, and the room of each department it concerns. */
export function alertRooms(departments: readonly string[]): string[] {
  return [...ALERT_ROLES.map(roleRoom), ...new Set(departments.map(deptRoom))];
}

/** Whether a user may receive an alert concerning these departments (replay applies the rooms' rule per alert). */
export function mayReceiveAlert(user: User, departments: readonly string[]): boolean {
  return mayAccessDepartments(user, departments);
}
