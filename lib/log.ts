import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * Structured JSON logs, one logger per process, named by service. Log request ids, operation names and
 * error details — never member data. LOG_LEVEL sets the level (default info; `silent` in tests).
 */
export function createLogger(service: string, options: { destination?: DestinationStream; level?: string } = {}): Logger {
  return pino(
    { level: options.level ?? process.env.LOG_LEVEL ?? "info", base: { service }, timestamp: pino.stdTimeFunctions.isoTime },
    // Asynchronous writes by default: a synchronous write per request line blocked the gateway's event
    // loop under load. pino flushes what is buffered when the process exits.
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
