import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { loadConfig } from '../../src/config';
import { startTracing, TENANT_ID, type Tracing } from '../../src/observability/tracing';
import { buildTenant } from '../factories/tenant.factory';
import { addKey } from '../graphql/harness';
import { CRISP_SECRET, crispHeaders, crispVisitorMessage } from '../webhooks/signed-payloads';
import { LLM_TEXT, replyQueueDrained, startWebhookHarness, waitFor, type WebhookHarness } from '../webhooks/webhook-harness';

/**
 * Tracing through the real HTTP routes, into an in-memory exporter: one trace per GraphQL operation
 * and per webhook delivery (the reply job, its LLM and Crisp calls inside it), SQL spans under them,
 * tenant and operation in the attributes, and nothing private anywhere in a span.
 */
const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let h: WebhookHarness;
const secrets: string[] = [CRISP_SECRET, 'crisp-key', LLM_TEXT];

const spans = () => exporter.getFinishedSpans();
const inTrace = (root: ReadableSpan) => spans().filter((span) => span.spanContext().traceId === root.spanContext().traceId);
const childrenOf = (parent: ReadableSpan) => spans().filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);
const named = (name: string) => spans().filter((span) => span.name === name);

/** Everything a span carries that could leak: name, attributes, status, events, resource. */
function exported(list: ReadableSpan[]): string {
  return JSON.stringify(
    list.map((span) => ({ name: span.name, attributes: span.attributes, status: span.status, events: span.events, resource: span.resource.attributes })),
  );
}

beforeAll(async () => {
  tracing = startTracing({ exporters: [], serviceName: 'netia-test' }, { spanProcessors: [new SimpleSpanProcessor(exporter)] })!;
  h = await startWebhookHarness();
  secrets.push(h.config.encryptionKey!.toString('hex'));
});
afterAll(async () => {
  await h.close();
  await tracing.shutdown();
});

describe('OpenTelemetry tracing', () => {
  it('is off unless OTEL_* variables turn it on', () => {
    expect(loadConfig({}).tracing.exporters).toEqual([]);
    expect(startTracing(loadConfig({}).tracing)).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing.exporters).toEqual(['otlp']);
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' }).tracing.exporters).toEqual([]);
    expect(() => loadConfig({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/OTEL_TRACES_EXPORTER/);
  });

  it('makes one trace per GraphQL operation, named after it, with the tenant and the SQL under it', async () => {
    const tenant = await buildTenant(h.db, { name: 'Traced Shop' });
    const { key } = await addKey(h.database, tenant.id);
    secrets.push(key);
    const response = await fetch(`${h.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: 'query Mine { tenant { name } }' }),
    });
    expect(await response.json()).toEqual({ data: { tenant: { name: 'Traced Shop' } } });
    await waitFor(() => named('graphql query Mine').length === 1, 10_000, 'the operation span');
    const [root] = named('graphql query Mine');
    expect(root!.parentSpanContext).toBeUndefined();
    expect(root!.attributes).toMatchObject({
      [TENANT_ID]: tenant.id,
      'graphql.operation.name': 'Mine',
      'graphql.operation.type': 'query',
      'http.response.status_code': 200,
    });
    const sql = childrenOf(root!).filter((span) => span.name.startsWith('db '));
    expect(sql.map((span) => span.attributes['db.operation.name'])).toEqual(expect.arrayContaining(['select']));
    expect(inTrace(root!).every((span) => span === root || span.parentSpanContext?.spanId === root!.spanContext().spanId)).toBe(true);
  });

  it('makes one trace per webhook delivery, with the reply job, the LLM call and the Crisp call inside it', async () => {
    const websiteId = crypto.randomUUID();
    const sessionId = `session_${crypto.randomUUID()}`;
    const tenant = await buildTenant(h.db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' });
    const text = 'Private question 4711 about my order, call me at jane.private@example.com';
    secrets.push(text, 'jane.private@example.com');
    const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, text));
    expect((await h.post('/webhooks/crisp', raw, crispHeaders(raw))).statusCode).toBe(200);
    await waitFor(() => h.crisp.delivered().some((request) => request.path.includes(sessionId)), 15_000, 'the reply at fake Crisp');
    await replyQueueDrained(h.db);

    const roots = named('webhook crisp').filter((span) => span.attributes[TENANT_ID] === tenant.id);
    expect(roots).toHaveLength(1);
    const root = roots[0]!;
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.attributes).toMatchObject({ 'netia.platform': 'crisp', 'http.response.status_code': 200 });
    await waitFor(() => inTrace(root).some((span) => span.name === 'reply job'), 10_000, 'the reply job span');

    const trace = inTrace(root);
    const job = trace.find((span) => span.name === 'reply job')!;
    expect(job.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(job.attributes[TENANT_ID]).toBe(tenant.id);
    const llm = trace.find((span) => span.name === 'llm chat');
    expect(llm?.attributes).toMatchObject({ 'gen_ai.request.model': 'fake-model', 'gen_ai.usage.input_tokens': 42, 'gen_ai.usage.output_tokens': 7 });
    const crisp = trace.find((span) => span.name === 'crisp POST');
    expect(crisp?.attributes).toMatchObject({ 'netia.platform': 'crisp', 'http.response.status_code': 201, 'server.address': '127.0.0.1' });
    for (const call of [llm!, crisp!]) expect(call.parentSpanContext?.spanId).toBe(job.spanContext().spanId);
    // SQL both in the delivery (storing the message) and in the job (reading, recording the answer).
    expect(childrenOf(root).some((span) => span.name === 'db insert')).toBe(true);
    expect(childrenOf(job).some((span) => span.name.startsWith('db '))).toBe(true);
  });

  it('never puts message text, keys or secrets in a span', () => {
    const all = exported(spans());
    expect(spans().length).toBeGreaterThan(10);
    for (const secret of secrets) expect(all).not.toContain(secret);
  });
});
