import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/netia';
import { exportTenant } from '../../src/modules/privacy/tenant-export.service';
import { buildMessage } from '../factories/conversation.factory';
import { buildTenant } from '../factories/tenant.factory';
import { ExportTenantDocument } from '../graphql/generated';
import { ADMIN_TOKEN, createTestApp, errorCodes, tenantWithKey, userErrorCodes, type TestApp } from '../graphql/harness';
import { PLAINTEXT_SECRETS, rowCounts, seedTenantData } from './privacy-fixtures';

type Line = { type: string; data: Record<string, any> };

const parseLines = (text: string): Line[] =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Line);

const byType = (lines: Line[], type: string) => lines.filter((line) => line.type === type).map((line) => line.data);

describe('tenant export (JSON Lines)', () => {
  let t: TestApp;
  let tenantId: string;
  let otherId: string;
  let seeded: Awaited<ReturnType<typeof seedTenantData>>;
  let other: Awaited<ReturnType<typeof seedTenantData>>;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp();
    tenantId = (await buildTenant(t.database.db, { name: 'Exported Co' })).id;
    otherId = (await buildTenant(t.database.db)).id;
    seeded = await seedTenantData(t.database.db, tenantId, 'mine');
    other = await seedTenantData(t.database.db, otherId, 'theirs');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netia-export-'));
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Everything the owner connection can see that must not appear in any export. */
  async function secretsInDatabase(): Promise<string[]> {
    const hashes = await t.database.db.selectFrom('apiKeys').select('keyHash').execute();
    const sealed = await t.database.db.selectFrom('tenantConfigurations').select('configData').where('configType', 'in', ['crisp', 'tidio']).execute();
    const blobs = sealed.flatMap((row) => {
      const box = (row.configData as { sealed: { iv: string; tag: string; data: string } }).sealed;
      return [box.iv, box.tag, box.data];
    });
    expect(blobs).toHaveLength(12);
    return [...hashes.map((row) => row.keyHash), ...blobs, ...PLAINTEXT_SECRETS, 'sealed'];
  }

  /** `counts`: the tenant's rows when the export ran (the export itself is audited afterwards). */
  async function expectCompleteAndClean(text: string, counts: Record<string, number>) {
    const lines = parseLines(text);
    expect(lines[0]).toEqual({ type: 'export', data: expect.objectContaining({ format: 'netia-tenant-export/1', tenantId }) });
    expect(byType(lines, 'tenant')).toEqual([expect.objectContaining({ id: tenantId, name: 'Exported Co' })]);

    // Everything of this tenant: one line per row of every table.
    const typeOfTable: Record<string, string> = {
      conversations: 'conversation', messages: 'message', leads: 'lead', knowledge_bases: 'knowledge_base_entry',
      tenant_configurations: 'configuration', api_keys: 'api_key', audit_events: 'audit_event', inbound_events: 'inbound_event',
      outbound_replies: 'outbound_reply', usage_counters: 'usage_counter', tenants: 'tenant',
      answer_ratings: 'answer_rating', unanswered_question_resolutions: 'unanswered_question_resolution',
    };
    // Derived from the knowledge base lines (search index, embedding vectors, revision): recomputed, not exported;
    // and which servers have live connections of the tenant (live_watchers): not the tenant's data.
    const derived = ['knowledge_base_embeddings', 'knowledge_base_revisions', 'knowledge_base_search_entries', 'knowledge_base_search_terms', 'live_watchers'];
    expect(Object.keys(counts).filter((table) => !derived.includes(table)).sort()).toEqual(Object.keys(typeOfTable).sort());
    for (const [table, type] of Object.entries(typeOfTable)) expect([table, byType(lines, type).length]).toEqual([table, counts[table]]);

    expect(byType(lines, 'conversation')[0]).toMatchObject({ id: seeded.conversation.id, sessionId: 'session-mine' });
    expect(byType(lines, 'message').map((m) => m.content).sort()).toEqual(['answer for mine', 'question from mine']);
    expect(byType(lines, 'lead').map((l) => l.contactInfo)).toEqual(expect.arrayContaining([{ email: 'mine@visitor.example' }, { phone: '+14155550123' }]));
    expect(byType(lines, 'knowledge_base_entry').map((k) => [k.content, k.isActive]).sort()).toEqual([['current mine', true], ['old mine', false]]);
    const configurations = byType(lines, 'configuration');
    expect(configurations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'assistant', data: { botName: 'Bot mine' } }),
        expect.objectContaining({ type: 'tidio', secret: true, data: null }),
        expect.objectContaining({ type: 'crisp', secret: true, data: null }),
      ]),
    );
    expect(byType(lines, 'api_key')).toEqual([expect.objectContaining({ id: seeded.key.id, name: 'test key' })]);
    expect(byType(lines, 'api_key')[0]).not.toHaveProperty('keyHash');

    // Nothing of the other tenant, and no secret in any form.
    const otherIds = [otherId, other.conversation.id, ...other.messages.map((m) => m.id), ...other.leads.map((l) => l.id), other.key.id, other.config.id];
    for (const id of otherIds) expect(text).not.toContain(id);
    expect(text).not.toContain('theirs');
    for (const secret of await secretsInDatabase()) expect(text).not.toContain(secret);
  }

  it('writes everything of one tenant, and no secret, to a file with `netia tenant export --out`', async () => {
    const out: string[] = [];
    jest.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
    const file = path.join(dir, 'export.jsonl');
    const counts = await rowCounts(t.database.db, tenantId);
    expect(await runCli(['tenant', 'export', tenantId, '--out', file], {}, t.database)).toBe(0);
    const text = fs.readFileSync(file, 'utf8');
    expect(JSON.parse(out.join('\n'))).toEqual({ tenantId, file, lines: parseLines(text).length });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await expectCompleteAndClean(text, counts);
    // The operator's export is itself recorded in the tenant's trail.
    expect(await rowCounts(t.database.db, tenantId)).toEqual({ ...counts, audit_events: counts.audit_events! + 1 });
  });

  it('streams JSON Lines to stdout and prints nothing else there', async () => {
    const chunks: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
    const counts = await rowCounts(t.database.db, tenantId);
    expect(await runCli(['tenant', 'export', tenantId], {}, t.database)).toBe(0);
    jest.restoreAllMocks();
    expect(log).not.toHaveBeenCalled();
    expect(chunks.every((chunk) => chunk.endsWith('\n'))).toBe(true);
    await expectCompleteAndClean(chunks.join(''), counts);
  });

  it('answers the admin exportTenant mutation with the same data', async () => {
    const counts = await rowCounts(t.database.db, tenantId);
    const result = await t.run(ADMIN_TOKEN, ExportTenantDocument, { id: tenantId });
    expect(result.errors).toBeUndefined();
    const exported = result.data!.exportTenant.tenantExport!;
    const text = exported.jsonLines;
    expect(exported.lineCount).toBe(parseLines(text).length);
    await expectCompleteAndClean(text, counts);
  });

  // PGlite is one session: a concurrent writer would wait for the export's transaction to end.
  (process.env.TEST_DATABASE_URL ? it : it.skip)('reads one consistent snapshot, whatever is written meanwhile', async () => {
    const lines: string[] = [];
    let written = false;
    await exportTenant(t.database.db, tenantId, async (line) => {
      lines.push(line);
      if (!written && line.startsWith('{"type":"tenant"')) {
        written = true;
        await buildMessage(t.database.db, { tenantId, conversationId: seeded.conversation.id, content: 'written during the export' });
      }
    });
    expect(written).toBe(true);
    expect(byType(parseLines(lines.join('\n')), 'message')).toHaveLength(2);
    await t.database.db.deleteFrom('messages').where('content', '=', 'written during the export').execute();
  });

  it('is for the platform admin only, and an unknown tenant is NOT_FOUND', async () => {
    const { key } = await tenantWithKey(t.database);
    expect(errorCodes(await t.run(key, ExportTenantDocument, { id: tenantId }))).toEqual(['FORBIDDEN']);
    expect(userErrorCodes((await t.run(ADMIN_TOKEN, ExportTenantDocument, { id: crypto.randomUUID() })).data?.exportTenant)).toEqual(['NOT_FOUND']);

    const err: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
    const file = path.join(dir, 'missing.jsonl');
    expect(await runCli(['tenant', 'export', crypto.randomUUID(), '--out', file], {}, t.database)).toBe(4);
    expect(err).toEqual(['netia tenant export: Tenant not found']);
    expect(fs.existsSync(file)).toBe(false);
    expect(await runCli(['tenant', 'export'], {}, t.database)).toBe(2);
    expect(await runCli(['tenant', 'export', 'not-a-uuid'], {}, t.database)).toBe(2);
  });
});
