import { parseArgs } from "node:util";
import { AdminClient, report } from "./registry.js";

export const SOCIETY_HELP = `  society update <slug|id> --origin <origin> [--origin …]
                        set the web origins (https://www.society.org) from which its site calls copnet:
                        CORS and its publishable keys answer those only (admin key); every gateway
                        applies it within its registry poll
  society origins       list every society's registered origins`;

/** `copnet society …`: societies' settings kept by the gateway, through its admin API. */
export async function societyCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { origin: { type: "string", multiple: true }, gateway: { type: "string" }, key: { type: "string" } } });
  const admin = AdminClient.from(values);
  if (action === "update" && positionals[0] && values.origin) {
    const answer = await admin.call("POST", "societies/origins", { society: await admin.societyId(positionals[0]), origins: values.origin });
    report(answer);
    if (!answer.error) console.log(`${positionals[0]} calls copnet from: ${(answer.origins as string[]).join(", ") || "no web origin"}`);
  } else if (action === "origins") {
    const { societies } = (await admin.call("GET", "societies/origins")) as { societies: { society: string; origins: string[]; enforceDocuments: boolean }[] };
    for (const society of societies) console.log(`${society.society}  ${society.enforceDocuments ? "trusted documents only" : "any document"}  ${society.origins.join(" ") || "-"}`);
  } else {
    throw new Error(`usage:\n${SOCIETY_HELP}`);
  }
}
