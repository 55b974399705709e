import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnswerTooLarge, keptAliveAgents, post } from "../../lib/http-post.js";

/**
 * Calls between services (gateway → subgraph, subgraph → access gateway) over kept-alive connections: a
 * server run by another party that answers without end, one that answers normally, and one that drops a
 * kept-alive connection when it is used again (as a restarted or hot-swapped subgraph does).
 */
describe("calls between services", () => {
  let server: Server;
  let url: URL;
  let endlessClosed: Promise<void>;
  const agents = keptAliveAgents();

  beforeAll(async () => {
    let closed!: () => void;
    endlessClosed = new Promise((resolve) => (closed = resolve));
    server = createServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url === "/drops-reused") {
        const socket = req.socket as typeof req.socket & { served?: number };
        socket.served = (socket.served ?? 0) + 1;
        if (socket.served > 1) {
          socket.destroy(); // as if closed while idle: the request sent on it is never read
          return;
        }
        res.end('{"data":{"ok":true}}');
        return;
      }
      if (req.url === "/small") {
        res.end('{"data":{"ok":true}}');
        return;
      }
      const chunk = Buffer.alloc(256 * 1024, "x");
      const send = () => {
        while (res.write(chunk));
        if (!res.destroyed) res.once("drain", send);
      };
      res.on("close", closed);
      send();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("should give up on an endless answer at the cap and close its connection", async () => {
    const answer = post(new URL("/endless", url), { agents, headers: {}, body: "{}", maxBytes: 1024 * 1024 });
    await expect(answer).rejects.toBeInstanceOf(AnswerTooLarge);
    await endlessClosed; // the sender sees the connection closed rather than being read forever
  });

  it("should read an answer under the cap whole", async () => {
    const answer = await post(new URL("/small", url), { agents, headers: {}, body: "{}", maxBytes: 1024 });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { ok: true } });
  });

  it("should send a read again on a fresh connection when a kept-alive one was dropped, and never a write", async () => {
    const reads = keptAliveAgents();
    const target = new URL("/drops-reused", url);
    await post(target, { agents: reads, headers: {}, body: "{}", idempotent: true });
    const again = await post(target, { agents: reads, headers: {}, body: "{}", idempotent: true });
    expect(JSON.parse(again.body)).toEqual({ data: { ok: true } });

    const writes = keptAliveAgents();
    await post(target, { agents: writes, headers: {}, body: "{}" });
    await expect(post(target, { agents: writes, headers: {}, body: "{}" })).rejects.toMatchObject({ code: "ECONNRESET" });
  });
});
