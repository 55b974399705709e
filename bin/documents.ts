import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { ADMIN_CLIENT_OPTIONS, AdminClient } from "./admin-client.js";
import { report } from "./registry.js";

export const DOCUMENTS_HELP = `  documents publish --society <slug|id> --manifest <persisted-documents.json> [--enforce]
                        store a site's operations (GraphQL Codegen's persisted-documents.json or an Apollo
                        persisted-query manifest) to be run by documentId; --enforce: the society's
                        publishable keys run nothing else (without it, enforcement is turned off)
  documents list --society <slug|id>
  documents remove --society <slug|id> --id <sha256:…> [--id …]
                        (admin key, or the society's own key)`;

/** `copnet documents …`: a society's trusted documents, through the gateway's admin API. */
export async function documentsCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: { society: { type: "string" }, manifest: { type: "string" }, enforce: { type: "boolean", default: false }, id: { type: "string", multiple: true }, ...ADMIN_CLIENT_OPTIONS },
  });
  if (!values.society) throw new Error(`--society is required\n${DOCUMENTS_HELP}`);
  const admin = new AdminClient(values);
  const society = await admin.societyId(values.society);
  if (action === "publish" && values.manifest) {
    const manifest: unknown = JSON.parse(await readFile(values.manifest, "utf8"));
    const answer = await admin.call("POST", "documents/publish", { society, manifest, enforce: values.enforce });
    report(answer);
    if (!answer.error) console.log(`published ${String(answer.published)} new document(s); ${values.society} has ${String(answer.total)}; publishable keys run ${answer.enforce ? "these only" : "any document"}`);
  } else if (action === "list") {
    const { documents } = (await admin.call("GET", `documents?society=${society}`)) as { documents: { id: string; name: string | null; publishedAt: string }[] };
    for (const document of documents) console.log(`${document.id}  ${String(document.publishedAt).slice(0, 19).replace("T", " ")}  ${document.name ?? "(anonymous)"}`);
  } else if (action === "remove" && values.id) {
    const answer = await admin.call("POST", "documents/remove", { society, ids: values.id });
    report(answer);
    if (!answer.error) console.log(`removed ${String(answer.removed)} document(s)`);
  } else {
    throw new Error(`usage:\n${DOCUMENTS_HELP}`);
  }
}
