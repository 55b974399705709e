import type { ApolloGateway } from "@apollo/gateway";
import { InFlight } from "../lib/in-flight.js";
import type { GatewayContext } from "./context.js";

type Executor = NonNullable<Awaited<ReturnType<ApolloGateway["load"]>>["executor"]>;
type ExecutionRequest = Parameters<Executor>[0];
type ExecutionResult = Awaited<ReturnType<Executor>>;

/**
 * Request collapsing for reads. When partner sites load the same page at the same moment — the first
 * directory page, an event's page — the gateway would plan, fetch from every subgraph and assemble the
 * very same answer once per visitor. Instead, a read that arrives while an identical one (same document,
 * operation, variables and the same caller's rights) is executing waits for that execution and gets
 * its answer; nothing is cached once it completes.
 *
 * The price is that an answer may reflect data read up to one execution earlier than the request
 * arrived. Writes bound that: a mutation through this gateway closes every open execution to newcomers
 * when it starts and when it ends, so a client that wrote and then reads sees its write.
 */
export class ReadCoalescer {
  /** Reads executing now, by document, variables and rights; beyond `capacity` of them, reads run unshared. */
  readonly reads: InFlight<ExecutionResult>;

  /** `observe` hears of each read: executed, or joined to an execution started for an identical one. */
  constructor(
    private readonly observe: (outcome: "executed" | "joined") => void = () => undefined,
    capacity?: number,
  ) {
    this.reads = new InFlight("read_coalescing", capacity);
  }

  wrap(executor: Executor): Executor {
    return async (request) => {
      if (request.operation.operation !== "query") return this.write(executor, request);
      const { result, joined } = this.reads.share(this.keyOf(request), () => executor(request));
      this.observe(joined ? "joined" : "executed");
      return copy(await result);
    };
  }

  private async write(executor: Executor, request: ExecutionRequest): Promise<ExecutionResult> {
    this.reads.closeAll();
    try {
      return await executor(request);
    } finally {
      this.reads.closeAll();
    }
  }

  private keyOf(request: ExecutionRequest): string {
    const { caller } = request.context as GatewayContext;
    // The key id too: the members subgraph audits private reads by key, so two keys never share a read.
    return JSON.stringify([caller.role, caller.societyId, caller.keyId, request.queryHash, request.operationName, request.request.variables ?? null]);
  }
}

/** Each request gets its own envelope: Apollo Server's plugins replace `errors`/`extensions` per response. */
function copy(result: ExecutionResult): ExecutionResult {
  return { ...result, ...(result.errors && { errors: [...result.errors] }) };
}

/** The gateway as Apollo Server sees it, with every executor it loads collapsing identical reads. */
export function withReadCoalescing(gateway: ApolloGateway, coalescer: ReadCoalescer) {
  return {
    async load(options: Parameters<ApolloGateway["load"]>[0]) {
      const loaded = await gateway.load(options);
      return { ...loaded, executor: loaded.executor && coalescer.wrap(loaded.executor) };
    },
    onSchemaLoadOrUpdate: gateway.onSchemaLoadOrUpdate.bind(gateway),
    stop: () => gateway.stop(),
  };
}
