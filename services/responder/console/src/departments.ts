import { ref } from 'vue';
import { get } from './api.ts';
import type { DepartmentNamesReply } from './types.ts';

/**
 * Department names for selects, from `GET /api/departments` (any role): every department the
 * 管理员 set up, so a new installation's forms list them before any case exists. Selects also
 * accept a typed name, which the server checks against its list.
 */
export const departments = ref<string[]>([]);

export async function loadDepartments(): Promise<void> {
  try {
    departments.value = (await get<DepartmentNamesReply>('/departments')).departments;
  } catch {
    // Server unreachable or session ended: the selects still take a typed name.
  }
}
