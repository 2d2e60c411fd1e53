import fs from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { DB } from '../db/db.generated';
import { isUuid } from '../db/tenant-transaction';
import { exportTenant } from '../modules/privacy/tenant-export.service';
import { deleteTenant } from '../modules/tenants/tenant-admin.service';
import { auditCli, UsageError } from './tenant-commands';

function tenantIdAndFlags<T extends Record<string, { type: 'string' | 'boolean' }>>(args: string[], spec: T) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: spec, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [tenantId, ...rest] = parsed.positionals;
  if (!tenantId || rest.length > 0) throw new UsageError('give exactly one tenant id');
  if (!isUuid(tenantId)) throw new UsageError('the tenant id must be a UUID');
  return { tenantId, values: parsed.values as { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string } };
}

async function writeLine(stream: NodeJS.WritableStream, line: string): Promise<void> {
  if (!stream.write(`${line}\n`)) await once(stream, 'drain');
}

/**
 * `tenant export <id> [--out FILE]`: JSON Lines on stdout (returns undefined, so nothing else is
 * printed there), or into FILE (mode 600, removed again if the export fails) with a JSON summary.
 */
export async function tenantExport(db: Kysely<DB>, args: string[], stdout: NodeJS.WritableStream = process.stdout): Promise<unknown> {
  const { tenantId, values } = tenantIdAndFlags(args, { out: { type: 'string' } });
  if (!values.out) {
    await exportTenant(db, tenantId, (line) => writeLine(stdout, line));
    await auditCli(db, tenantId, 'exportTenant', 'tenant', tenantId);
    return undefined;
  }
  const file = values.out;
  const stream = fs.createWriteStream(file, { mode: 0o600 });
  await once(stream, 'open');
  try {
    const { lines } = await exportTenant(db, tenantId, (line) => writeLine(stream, line));
    stream.end();
    await once(stream, 'finish');
    await auditCli(db, tenantId, 'exportTenant', 'tenant', tenantId);
    return { tenantId, file, lines };
  } catch (error) {
    stream.destroy();
    fs.rmSync(file, { force: true });
    throw error;
  }
}

/**
 * `tenant delete <id> --yes`: the tenant and all of its data; --yes because it cannot be undone. Its
 * audit trail goes with it, so the printed result is the record.
 */
export async function tenantDelete(db: Kysely<DB>, args: string[]): Promise<unknown> {
  const { tenantId, values } = tenantIdAndFlags(args, { yes: { type: 'boolean' } });
  if (!values.yes) throw new UsageError('deleting a tenant cannot be undone: add --yes to confirm');
  const tenant = await deleteTenant(db, tenantId);
  return { deleted: tenant.id, name: tenant.name };
}
