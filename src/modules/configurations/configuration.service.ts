import { badUserInput, notFound } from '../../lib/errors';
import { withoutNullish } from '../../lib/without-nullish';
import type { TenantScope } from '../shared/tenant-scope';
import { deleteConfiguration, upsertConfiguration, type ConfigurationRow } from './configuration.repository';
import { CONFIGURATION_SCHEMAS } from './configuration.schemas';

type PublicConfigurationType = keyof typeof CONFIGURATION_SCHEMAS;

/** Validates with the type's zod schema (the rules' one home), then replaces the stored data. */
export async function setConfiguration(scope: TenantScope, type: PublicConfigurationType, input: object): Promise<ConfigurationRow> {
  const parsed = CONFIGURATION_SCHEMAS[type].safeParse(JSON.parse(JSON.stringify(withoutNullish(input))));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badUserInput(['input', ...(issue?.path ?? []).map(String)].join('.'), issue?.message ?? 'is invalid');
  }
  return upsertConfiguration(scope.tx, scope.tenantId, type, parsed.data);
}

/** Deletes the stored data of a type (it falls back to its defaults); NOT_FOUND when none is stored. */
export async function removeConfiguration(scope: TenantScope, type: PublicConfigurationType): Promise<void> {
  if (!(await deleteConfiguration(scope.tx, type))) throw notFound('Configuration', 'type');
}
