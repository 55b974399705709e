import { context, propagation, SpanKind, SpanStatusCode, trace, type Context } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * OpenTelemetry tracing, off unless configured: with OTEL_EXPORTER_OTLP_ENDPOINT set, each process sends
 * its spans over OTLP/HTTP. A trace follows a request from the gateway (its HTTP span, @apollo/gateway's
 * own plan/fetch spans) into each subgraph (W3C `traceparent` on the fetch) and down to every SQL statement.
 * Tests register an in-memory exporter instead.
 */
let enabled = false;

/** Whether this process records spans; when not, nothing (SQL logging included) is done for tracing. */
export function tracingEnabled(): boolean {
  return enabled;
}

export function startTracing(service: string, exporter?: SpanExporter): NodeTracerProvider | null {
  const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!exporter && !endpoint) return null;
  enabled = true;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": service }),
    spanProcessors: [exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return provider;
}

const tracer = () => trace.getTracer("copnet");

/** Runs an HTTP request inside a server span, continuing the caller's trace when a `traceparent` came with it. */
export function traceRequest(service: string, req: IncomingMessage, res: ServerResponse, handle: () => Promise<void>): Promise<void> {
  const parent = propagation.extract(context.active(), req.headers);
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  return tracer().startActiveSpan(`${req.method} ${path}`, { kind: SpanKind.SERVER, attributes: { "copnet.service": service, "http.request.method": req.method ?? "", "url.path": path } }, parent, async (span) => {
    try {
      await handle();
      span.setAttribute("http.response.status_code", res.statusCode);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Adds the current trace to outgoing headers (the gateway's subgraph fetches). */
export function injectTrace(headers: { set(name: string, value: string): void }, active: Context = context.active()): void {
  propagation.inject(active, headers, { set: (carrier, key, value) => carrier.set(key, value) });
}

/** Records a finished SQL statement as a span of the current trace (MikroORM reports it after it ran). */
export function recordQuerySpan(sql: string, tookMs: number | undefined): void {
  if (!trace.getActiveSpan()) return;
  const end = Date.now();
  const span = tracer().startSpan("sql", { kind: SpanKind.CLIENT, startTime: end - (tookMs ?? 0), attributes: { "db.system.name": "postgresql", "db.query.text": sql.slice(0, 2000) } });
  span.end(end);
}
