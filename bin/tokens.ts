import { parseArgs } from "node:util";
import { RETIRED_KEY_PUBLISHED_MS } from "../gateway/signing-key/signing-keys.js";
import { ADMIN_CLIENT_OPTIONS, AdminClient } from "./admin-client.js";

export const TOKEN_HELP = `  token rotate          rotate the gateway's service-token signing key: next → active, active → retired
                        (still published for ${RETIRED_KEY_PUBLISHED_MS / 60_000} minutes), and a new next key`;

/** `copnet token …`: the gateway's signing keys, through its admin API. */
export async function tokenCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: ADMIN_CLIENT_OPTIONS, allowPositionals: true });
  if (action !== "rotate" || positionals.length > 0) throw new Error(`usage:\n${TOKEN_HELP}`);
  const { retired, active, next } = await new AdminClient(values).call<{ retired: string | null; active: string; next: string }>("POST", "tokens/rotate", {});
  console.log(`signing with ${active} now (every gateway within one registry poll)`);
  if (retired) console.log(`retired ${retired}: still published, no longer signs`);
  console.log(`next key ${next} published for the rotation after this one`);
}
