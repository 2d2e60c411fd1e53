import fc from 'fast-check';
import { buildTenant } from '../factories/tenant.factory';
import { setCrispIntegration, setTidioIntegration, startWebhookHarness, type WebhookHarness } from '../webhooks/webhook-harness';
import { errorLogLines, FUZZ_RUNS, UNLIMITED_PLANS_ENV } from './fuzz-settings';
import { deliveries, type WebhookTargets } from './webhook-fuzz';

/**
 * Every webhook route (Crisp plugin and website hooks, Tidio, Tidio Flow, an unknown platform) with
 * generated hostile deliveries, signed and unsigned: never an HTTP 5xx, never an error log line, an
 * authentic delivery is never refused (401, 422…: the platform would retry it forever), and the
 * server stays up.
 */

jest.setTimeout(Math.max(120_000, FUZZ_RUNS * 5_000));

let h: WebhookHarness;
let target: WebhookTargets;
const logLines: string[] = [];

beforeAll(async () => {
  h = await startWebhookHarness({ ...UNLIMITED_PLANS_ENV, TIDIO_FLOW_DEADLINE_MS: '1500' }, { logLines });
  target = {
    crispWebsiteId: crypto.randomUUID(),
    crispHookKey: 'website-hook-key-0123456789',
    tidioProjectKey: `pk${crypto.randomUUID().replace(/-/g, '')}`,
    tidioSecret: 'tidio-webhook-secret',
    flowToken: 'flow-token-0123456789abcdef',
  };
  const crisp = await buildTenant(h.db, { crispWebsiteId: target.crispWebsiteId, subscriptionStatus: 'active' });
  await setCrispIntegration(h, crisp.id, { websiteHookKey: target.crispHookKey });
  const tidio = await buildTenant(h.db, { tidioWebsiteId: target.tidioProjectKey, subscriptionStatus: 'active' });
  await setTidioIntegration(h, tidio.id, { webhookSecret: target.tidioSecret, flowToken: target.flowToken });
});
afterAll(() => h?.close());

describe('every webhook route, with hostile deliveries', () => {
  it('never answers 5xx, never refuses an authentic delivery, logs no error, and stays up', async () => {
    const failures: string[] = [];
    await fc
      .assert(
        fc.asyncProperty(deliveries(target), async (delivery) => {
          const logged = logLines.length;
          const response = await fetch(`${h.baseUrl}${delivery.path}`, { method: 'POST', body: delivery.body, headers: delivery.headers });
          const text = await response.text();
          // 400: not a payload of that platform (no tenant key, or JSON the route cannot read); 413: over the body limit.
          const refusedAuthentic = delivery.authentic && response.status >= 400 && response.status !== 400 && response.status !== 413;
          const failed = response.status >= 500 || refusedAuthentic || errorLogLines(logLines.slice(logged)).length > 0;
          if (failed) {
            failures.push(`${delivery.path}: ${response.status} ${text.slice(0, 200)}\n  ${delivery.body.toString('utf8').slice(0, 4000)}\n  ${errorLogLines(logLines.slice(logged)).join(' | ').slice(0, 400)}`);
          }
          return !failed;
        }),
        { numRuns: FUZZ_RUNS * 20, endOnFailure: true },
      )
      .catch(() => undefined);
    expect(failures).toEqual([]);
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });
});
