import { ref } from 'vue';
import { get } from './api.ts';

/**
 * Department names for selects. 管理员 lists them all; other roles get the names the
 * supervision figures know (departments with cases or commitments). Selects also accept a
 * typed name, which the server checks against its list.
 */
export const departments = ref<string[]>([]);

export async function loadDepartments(): Promise<void> {
  try {
    const { departments: list } = await get<{ departments: { name: string }[] }>('/admin/departments');
    departments.value = list.map((d) => d.name);
    return;
  } catch {
    // Not an administrator.
  }
  try {
    const { departments: rows } = await get<{ departments: { department: string }[] }>('/supervision/departments');
    departments.value = [...new Set([...departments.value, ...rows.map((r) => r.department)])];
  } catch {
    // No figures for this role either: typed names only.
  }
}
