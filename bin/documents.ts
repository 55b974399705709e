import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { ADMIN_CLIENT_OPTIONS, AdminClient, required, stamp, table } from "./admin-client.js";
import { report } from "./registry.js";

export const DOCUMENTS_HELP = `  documents publish --society <slug> --manifest <persisted-documents.json> [--enforce]
                        store a site's operations (GraphQL Codegen's persisted-documents.json or an Apollo
                        persisted-query manifest) to be run by documentId; --enforce: the society's
                        publishable keys run nothing else (without it, enforcement is turned off)
  documents list --society <slug>
  documents remove --society <slug> --id <sha256:…> [--id …]
                        (admin key, or the society's own key)`;

/** `copnet documents …`: a society's trusted documents, through the gateway's admin API. */
export async function documentsCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: { society: { type: "string" }, manifest: { type: "string" }, enforce: { type: "boolean", default: false }, id: { type: "string", multiple: true }, ...ADMIN_CLIENT_OPTIONS },
  });
  const society = required(values.society, "--society");
  const admin = new AdminClient(values);
  if (action === "publish") {
    const manifest: unknown = JSON.parse(await readFile(required(values.manifest, "--manifest"), "utf8"));
    const answer = await admin.call<{ published: number; total: number; enforce: boolean }>("POST", "documents/publish", { society, manifest, enforce: values.enforce });
    report(answer);
    if (!answer.error) console.log(`published ${answer.published} new document(s); ${society} has ${answer.total}; its publishable keys run ${answer.enforce ? "these only" : "any document"}`);
  } else if (action === "list") {
    const { documents } = await admin.call<{ documents: { id: string; name: string | null; publishedAt: string }[] }>("GET", `documents?society=${encodeURIComponent(society)}`);
    table(["id", "published", "operation"], documents.map((document) => [document.id, stamp(document.publishedAt), document.name ?? "(anonymous)"]));
  } else if (action === "remove" && values.id) {
    const answer = await admin.call<{ removed: number }>("POST", "documents/remove", { society, ids: values.id });
    report(answer);
    if (!answer.error) console.log(`removed ${answer.removed} document(s)`);
  } else {
    throw new Error(`usage:\n${DOCUMENTS_HELP}`);
  }
}
