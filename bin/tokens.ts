import { openDatabase } from "../lib/database.js";
import { gatewayDatabase } from "../gateway/database.js";
import { RETIRED_KEY_PUBLISHED_MS, rotateSigningKeys } from "../gateway/signing-key/signing-keys.js";
import { operatorDatabaseUrl } from "./keys.js";

export const TOKEN_HELP = `  token rotate          rotate the gateway's service-token signing key: next → active, active → retired
                        (still published for ${RETIRED_KEY_PUBLISHED_MS / 60_000} minutes), and a new next key`;

/** `copnet token …`: the gateway's signing keys, in its database (DATABASE_URL, or the embedded server of `npm start`). */
export async function tokenCommand(args: string[]): Promise<void> {
  if (args[0] !== "rotate" || args.length > 1) throw new Error(`usage:\n${TOKEN_HELP}`);
  const orm = await openDatabase({ url: operatorDatabaseUrl("gateway"), ...gatewayDatabase });
  try {
    const { retired, active, next } = await rotateSigningKeys(orm.em.fork());
    console.log(`signing with ${active} now (every gateway within one registry poll)`);
    if (retired) console.log(`retired ${retired}: still published, no longer signs`);
    console.log(`next key ${next} published for the rotation after this one`);
  } finally {
    await orm.close();
  }
}
