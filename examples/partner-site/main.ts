import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { envPort, parseEnv } from "../../lib/config.js";
import { runMain, untilSignal } from "../../lib/main.js";
import { AdminClient } from "../../bin/admin-client.js";
import { report } from "../../bin/registry.js";
import { DEMO_SITE, startPartnerSite } from "./server.js";

/**
 * `npm run partner-site`: the demo society's website on http://localhost:4010, the origin `npm start`
 * registers, calling the gateway of `npm start` with its publishable key. The documents are built afresh
 * and published (with enforcement) through the admin API, so edits to src/documents.ts run at once.
 */
runMain(async () => {
  const env = parseEnv({
    PARTNER_SITE_PORT: envPort(DEMO_SITE.port),
    COPNET_GATEWAY_URL: z.url().default("http://localhost:4000"),
    COPNET_PUBLIC_KEY: z.string().optional(),
    COPNET_STATE_DIR: z.string().default(".copnet"),
  });
  const state = `${env.COPNET_STATE_DIR}/dev-state.json`;
  const devKeys = existsSync(state) ? (JSON.parse(readFileSync(state, "utf8")) as { keys: Record<string, string> }).keys : {};
  const publishableKey = env.COPNET_PUBLIC_KEY ?? devKeys[DEMO_SITE.keyName];
  if (!publishableKey) throw new Error(`no publishable key: run npm start first, or set COPNET_PUBLIC_KEY (copnet key create --role public --society ${DEMO_SITE.society})`);
  const site = await startPartnerSite({ gateway: env.COPNET_GATEWAY_URL, publishableKey, society: DEMO_SITE.society, port: env.PARTNER_SITE_PORT, host: "localhost" });
  const admin = new AdminClient({ gateway: env.COPNET_GATEWAY_URL });
  report(await admin.call("POST", "documents/publish", { society: DEMO_SITE.society, manifest: site.manifest, enforce: true }));
  console.log(`the ${DEMO_SITE.society} website is at ${site.url} (its documents are published; Ctrl-C stops it)`);
  await untilSignal();
  await site.close();
});
