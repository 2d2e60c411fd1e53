import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/**
 * OpenTelemetry tracing. Off unless configured (config.ts reads the standard OTEL_* variables):
 * without a registered provider every span below is the API's no-op. The spans Netia makes by hand:
 * one root span per GraphQL operation (graphql/http.ts) and per webhook delivery (chat/webhooks/router.ts),
 * the reply job as a child of whatever enqueued it (jobs/job-queue.ts carries the trace context in
 * the job), and client spans for SQL (observability/query-spans.ts), the LLM and the platform APIs.
 * Attributes name tenants, operations, platforms and statuses; never message text, keys or secrets.
 */
export interface TracingConfig {
  /** Where spans go; empty: tracing is off. */
  exporters: ('otlp' | 'console')[];
  serviceName: string;
}

export const TENANT_ID = 'netia.tenant.id';
export const PLATFORM = 'netia.platform';

export interface Tracing {
  /** Exports what is still buffered, then unregisters. */
  shutdown(): Promise<void>;
}

/**
 * Registers the global tracer provider (AsyncLocalStorage context, W3C trace context propagation).
 * The OTLP exporter reads its own standard variables (OTEL_EXPORTER_OTLP_ENDPOINT, _HEADERS, …).
 * `spanProcessors` replaces the configured exporters (tests pass an in-memory one).
 */
export function startTracing(config: TracingConfig, options: { spanProcessors?: SpanProcessor[] } = {}): Tracing | null {
  const spanProcessors =
    options.spanProcessors ??
    config.exporters.map((exporter) =>
      exporter === 'console' ? new SimpleSpanProcessor(new ConsoleSpanExporter()) : new BatchSpanProcessor(new OTLPTraceExporter()),
    );
  if (spanProcessors.length === 0) return null;
  // OTEL_RESOURCE_ATTRIBUTES (e.g. deployment.environment=prod,service.version=1.2.0) add to the resource.
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': config.serviceName }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({ resource, spanProcessors });
  provider.register();
  return {
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

function tracer() {
  return trace.getTracer('netia');
}

/** A secret-free description of a failure: its class name (and code when it has one), never its message. */
function failure(error: unknown): string {
  if (!(error instanceof Error)) return 'error';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name}: ${code}` : error.name;
}

/** Runs `work` in a span, the active one's child (or `parent`'s); the span ends however `work` ends. */
export function withSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const { parent, ...spanOptions } = options;
  return tracer().startActiveSpan(name, spanOptions, parent ?? context.active(), async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Adds what is learnt on the way (tenant, operation; a better name) to the active span, if any. */
export function annotateSpan(attributes: Attributes, name?: string): void {
  const span = trace.getActiveSpan();
  span?.setAttributes(attributes);
  if (name) span?.updateName(name);
}

/** True when spans made now would be recorded: a traced operation is running. */
export function isTracing(): boolean {
  return trace.getActiveSpan()?.isRecording() ?? false;
}

/** A span that already happened (`durationMs` ago until now), as a child of the active one. */
export function recordFinishedSpan(name: string, durationMs: number, attributes: Attributes, error?: unknown): void {
  const end = performance.timeOrigin + performance.now();
  const span = tracer().startSpan(name, { kind: SpanKind.CLIENT, startTime: end - durationMs, attributes });
  if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: failure(error) });
  span.end(end);
}

/** The active trace context as W3C headers (`traceparent`), to travel with a job; {} when not tracing. */
export function traceCarrier(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** The context a carrier names (its span becomes the parent), or the root context. */
export function contextFrom(carrier: Record<string, string> | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}

export { SpanKind };
