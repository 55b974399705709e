import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../lib/database.js";
import { createApiKey } from "../../gateway/api-key/api-keys.js";
import { gatewayDatabase } from "../../gateway/database.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

async function sql(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: network.databaseUrl("gateway") });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function newKey(label: string): Promise<string> {
  const orm = await openDatabase({ url: network.databaseUrl("gateway"), ...gatewayDatabase });
  try {
    return (await createApiKey(orm.em.fork(), { role: "researcher", societyId: null, label })).key;
  } finally {
    await orm.close();
  }
}

const status = async (key: string) =>
  (await fetch(network.gatewayUrl, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query: "{ societies { slug } }" }) })).status;

/** The gateway hears of a change a few milliseconds after it commits. */
async function statusSoon(key: string, expected: number): Promise<number> {
  let last = 0;
  for (let attempt = 0; attempt < 20 && last !== expected; attempt++) {
    if (attempt) await new Promise((resolve) => setTimeout(resolve, 25));
    last = await status(key);
  }
  return last;
}

describe("remembered API keys", () => {
  it("should refuse a key the gateway has been accepting once it is revoked by plain SQL", async () => {
    const key = await newKey("revoked-by-sql");
    expect(await status(key)).toBe(200);
    expect(await status(key)).toBe(200);
    await sql(`update api_key set revoked_at = now() where label = 'revoked-by-sql'`);
    expect(await statusSoon(key, 401)).toBe(401);
  });

  it("should keep refusing revoked keys while it cannot hear announcements, and remember keys again once it can", async () => {
    const key = await newKey("listener-lost");
    expect(await status(key)).toBe(200);
    await sql(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = 'copnet-api-key-listener'`);
    await sql(`update api_key set revoked_at = now() where label = 'listener-lost'`);
    expect(await status(key)).toBe(401);

    const fresh = await newKey("after-reconnect");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await status(fresh)).toBe(200);
    await sql(`update api_key set revoked_at = now() where label = 'after-reconnect'`);
    expect(await statusSoon(fresh, 401)).toBe(401);
  });
});
