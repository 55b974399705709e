import http from "node:http";

/** One server-sent event as a GraphQL-over-SSE client receives it. */
export interface SseEvent {
  id?: string;
  event: string;
  data: any;
  receivedAt: number;
}

export interface SseStream {
  status: number;
  events: SseEvent[];
  /** Resolves when the server ends the stream (or the connection drops). */
  ended: Promise<void>;
  close(): void;
}

/**
 * Opens a subscription the way a graphql-sse client in distinct-connections mode does (POST, `Accept:
 * text/event-stream`), keeping every event with its `id` and arrival time; `lastEventId` resumes.
 * Each subscription has a connection of its own (node:http without an agent), closed with it: fetch's
 * shared pool opens a spare connection when an aborted stream's socket closes and leaves it unused for
 * seconds, which a stopping gateway then waits for.
 */
export async function subscribe(url: string, query: string, variables: Record<string, unknown>, options: { key?: string; lastEventId?: string } = {}): Promise<SseStream> {
  const body = JSON.stringify({ query, variables });
  const request = http.request(url, {
    method: "POST",
    agent: false,
    headers: {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      accept: "text/event-stream",
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...(options.lastEventId ? { "last-event-id": options.lastEventId } : {}),
    },
  });
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    request.once("response", resolve);
    request.once("error", reject);
    request.end(body);
  });
  request.on("error", () => undefined); // after close(): the stream has ended, which `ended` tells
  const events: SseEvent[] = [];
  const ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response as AsyncIterable<Buffer>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(block.split("\n").filter((line) => line && !line.startsWith(":")).map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]));
          if (!fields.event) continue;
          events.push({ id: fields.id, event: fields.event, data: fields.data ? JSON.parse(fields.data) : null, receivedAt: performance.now() });
        }
      }
    } catch {
      // Closed by close(), or the server went away: the stream has ended either way.
    }
  })();
  return { status: response.statusCode ?? 0, events, ended, close: () => request.destroy() };
}
