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
 */
export async function subscribe(url: string, query: string, variables: Record<string, unknown>, options: { key?: string; lastEventId?: string } = {}): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "text/event-stream",
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...(options.lastEventId ? { "last-event-id": options.lastEventId } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  const events: SseEvent[] = [];
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body) {
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
      // Aborted by close(), or the server went away: the stream has ended either way.
    }
  })();
  return { status: response.status, events, ended, close: () => abort.abort() };
}
