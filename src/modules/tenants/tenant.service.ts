import { badUserInput, notFound } from '../../lib/errors';
import type { TenantScope } from '../shared/tenant-scope';
import { updateTenantName, type TenantRow } from './tenant.repository';

/** Renames the bound tenant: 1 to 255 characters once trimmed. */
export async function renameTenant(scope: TenantScope, rawName: string): Promise<TenantRow> {
  const name = rawName.trim();
  if (name.length < 1 || name.length > 255) throw badUserInput('input.name', 'must be 1 to 255 characters');
  const tenant = await updateTenantName(scope.tx, name);
  if (!tenant) throw notFound('Tenant');
  return tenant;
}
