import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Config } from '../config';
import type { DB } from '../db/db.generated';
import { isUuid, withTenantTransaction, type TenantTx } from '../db/tenant-transaction';
import type { CrispIntegration, TidioIntegration } from '../modules/integrations/integration.schemas';
import { updateIntegration } from '../modules/integrations/integration.service';
import { UsageError } from './tenant-commands';

export const INTEGRATION_USAGE = `  integration set-tidio --tenant <uuid> [--project-key <public key>] [--webhook-secret <s>]
                     [--client-id <ci_…>] [--client-secret <cs_…>] [--operator-id <uuid>] [--flow-token <t>]
                     store the tenant's Tidio settings (secrets encrypted with NETIA_ENCRYPTION_KEY)
  integration set-crisp --tenant <uuid> [--website-id <id>] [--hook-key <k>]
                     map the tenant's Crisp website and set its website-hook ?key= secret`;

/** `netia integration …`: prints which fields were set, never their values. */
export async function runIntegrationCommand(db: Kysely<DB>, config: Config, args: string[]): Promise<Record<string, unknown>> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      tenant: { type: 'string' },
      'project-key': { type: 'string' },
      'webhook-secret': { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'operator-id': { type: 'string' },
      'flow-token': { type: 'string' },
      'website-id': { type: 'string' },
      'hook-key': { type: 'string' },
    },
    strict: true,
  });
  const tenantId = values.tenant;
  if (!tenantId || !isUuid(tenantId)) throw new UsageError('--tenant <uuid> is required');
  if (sub === 'set-tidio') {
    const changes: TidioIntegration = compact({
      webhookSecret: values['webhook-secret'],
      clientId: values['client-id'],
      clientSecret: values['client-secret'],
      operatorId: values['operator-id'],
      flowToken: values['flow-token'],
    });
    await withTenantTransaction(db, tenantId, async (tx) => {
      await requireTenant(tx, tenantId);
      if (values['project-key']) await tx.updateTable('tenants').set({ tidioWebsiteId: values['project-key'] }).execute();
      await updateIntegration(tx, config.encryptionKey, tenantId, 'tidio', changes);
    });
    return { tenantId, integration: 'tidio', projectKeySet: Boolean(values['project-key']), fieldsSet: Object.keys(changes) };
  }
  if (sub === 'set-crisp') {
    const changes: CrispIntegration = compact({ websiteHookKey: values['hook-key'] });
    await withTenantTransaction(db, tenantId, async (tx) => {
      await requireTenant(tx, tenantId);
      if (values['website-id']) await tx.updateTable('tenants').set({ crispWebsiteId: values['website-id'] }).execute();
      await updateIntegration(tx, config.encryptionKey, tenantId, 'crisp', changes);
    });
    return { tenantId, integration: 'crisp', websiteIdSet: Boolean(values['website-id']), fieldsSet: Object.keys(changes) };
  }
  throw new UsageError(`unknown integration command: ${sub ?? '(none)'}`);
}

async function requireTenant(tx: TenantTx, tenantId: string): Promise<void> {
  const row = await tx.selectFrom('tenants').select('id').executeTakeFirst();
  if (!row) throw new UsageError(`no tenant ${tenantId}`);
}

function compact<T extends Record<string, string | undefined>>(value: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: string };
}
