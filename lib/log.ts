import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * Structured JSON logs, one logger per process, named by service. Log request ids, operation names and
 * error details — never member data. LOG_LEVEL sets the level (default info; `silent` in tests).
 */
export function createLogger(service: string, options: { destination?: DestinationStream; level?: string } = {}): Logger {
  return pino(
    { level: options.level ?? process.env.LOG_LEVEL ?? "info", base: { service }, timestamp: pino.stdTimeFunctions.isoTime },
    options.destination,
  );
}
