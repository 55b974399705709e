import type { ApolloServerPlugin } from "@apollo/server";
import type { MikroORM } from "@mikro-orm/postgresql";
import { BoundedMap, type Bounded } from "../../lib/bounded.js";
import type { Logger } from "../../lib/log.js";
import { normaliseOperation, type NormalisedOperation } from "../../lib/normalised-operation.js";
import type { GatewayContext } from "../context.js";
import { MAX_RECORDED_OPERATIONS, rememberOperations, type SeenOperation } from "./registry.js";

/** Distinct clients counted per operation between writes; the rest are counted as one, "(other clients)". */
const MAX_CLIENTS_PER_OPERATION = 20;
/** What a client may call itself in `apollographql-client-name`: printable ASCII, at most 64 characters. */
const CLIENT_NAME = /^[\x20-\x7e]{1,64}$/;

export interface OperationRecordLimits {
  /** A normalised document longer than this (bytes) is not recorded. */
  maxDocumentBytes: number;
  /** Distinct operations waiting for the next write to the database. */
  maxPending?: number;
  /** Distinct documents whose normalised form is kept, so each is normalised once. */
  maxDocuments?: number;
  flushMs?: number;
}

/**
 * Remembers which operations clients send, normalised (lib/normalised-operation.ts): no comments, no
 * literal values, so no member's data and no padding is kept, and requests that differ only in those
 * count as one operation. Written to the registry every few seconds with how often each was sent and by
 * which clients, where the newest MAX_RECORDED_OPERATIONS are kept, so a check can name the operations a
 * schema change would break and the clients and societies that send them.
 */
export class OperationRecorder {
  /** By Apollo's document hash and operation name: each is normalised once (null: not recorded). */
  private readonly normalised: BoundedMap<string, NormalisedOperation | null>;
  /** By signature, until the next flush: how often each was sent, and by whom. */
  private readonly pending: BoundedMap<string, SeenOperation>;
  private stored = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly orm: MikroORM,
    private readonly log: Logger,
    private readonly limits: OperationRecordLimits,
  ) {
    const weigh = (operation: NormalisedOperation | null) => operation?.document.length ?? 0;
    this.normalised = new BoundedMap("operation_documents", { capacity: limits.maxDocuments ?? 1000, weigh, maxWeight: 4 * 1024 * 1024 });
    this.pending = new BoundedMap<string, SeenOperation>("operation_records", { capacity: limits.maxPending ?? 500, weigh: (seen) => weigh(seen.operation), maxWeight: 4 * 1024 * 1024 });
    this.timer = setInterval(() => void this.flush(), limits.flushMs ?? 5000);
    this.timer.unref();
  }

  /** The in-memory maps, and the registry's table as of the last write (every few seconds). */
  get bounds(): Bounded[] {
    const recorder = this;
    return [this.normalised, this.pending, { name: "operation_records_stored", get size() { return recorder.stored; }, capacity: MAX_RECORDED_OPERATIONS }];
  }

  readonly plugin: ApolloServerPlugin<GatewayContext> = {
    requestDidStart: async () => ({
      didResolveOperation: async ({ queryHash, document, operationName, schema, contextValue, request }) => {
        const key = `${queryHash}:${operationName ?? ""}`;
        let operation = this.normalised.get(key);
        if (operation === undefined) {
          operation = normaliseOperation(schema, document, operationName);
          if (operation && Buffer.byteLength(operation.document) > this.limits.maxDocumentBytes) operation = null;
          this.normalised.set(key, operation);
        }
        if (!operation) return;
        const seen = this.pending.get(operation.signature) ?? { operation, count: 0, clients: new Map() };
        seen.count++;
        const { caller } = contextValue;
        const named = request.http?.headers.get("apollographql-client-name")?.trim();
        let client = caller.societyId ? `society:${caller.societyId}` : named && CLIENT_NAME.test(named) ? named : `(${caller.role})`;
        if (!seen.clients.has(client) && seen.clients.size >= MAX_CLIENTS_PER_OPERATION) client = "(other clients)";
        const counted = seen.clients.get(client) ?? { societyId: client.startsWith("society:") ? caller.societyId : null, count: 0 };
        counted.count++;
        seen.clients.set(client, counted);
        this.pending.set(operation.signature, seen);
      },
    }),
  };

  async flush(): Promise<void> {
    const operations = this.pending.values();
    this.pending.clear();
    try {
      this.stored = await rememberOperations(this.orm.em.fork(), operations, MAX_RECORDED_OPERATIONS);
    } catch (error) {
      this.log.warn({ err: error }, "could not record operations");
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
