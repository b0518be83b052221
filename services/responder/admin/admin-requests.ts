import { z } from 'zod';
import { DepartmentName, RoleCode, UserName } from '../../../shared/domain/account.ts';
import { ResponseRules } from '../cases/response-rules.ts';

/** What the administration routes accept; the admin service takes the parsed types. */

const DisplayName = z.string().trim().min(1).max(50);

export const CreateUser = z.object({ name: UserName, displayName: DisplayName, role: RoleCode, department: DepartmentName.optional() });
export type CreateUser = z.infer<typeof CreateUser>;

export const UpdateUser = z
  .object({ displayName: DisplayName, role: RoleCode, department: DepartmentName.nullable(), disabled: z.boolean() })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');
export type UpdateUser = z.infer<typeof UpdateUser>;

export const CreateDepartment = z.object({ name: DepartmentName });

/** `revision` is the one being replaced (0: the file's rules), so a save over another's is refused. */
export const SaveResponseRules = z.object({ rules: ResponseRules, reason: z.string().trim().min(1).max(500), revision: z.number().int().nonnegative() });
export type SaveResponseRules = z.infer<typeof SaveResponseRules>;
