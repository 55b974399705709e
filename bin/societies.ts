import { parseArgs } from "node:util";
import { ADMIN_CLIENT_OPTIONS, AdminClient, required, stamp, table } from "./admin-client.js";
import { report } from "./registry.js";

export const SOCIETY_HELP = `  society create --slug <slug> --name <name> --country <XX> --kind <kind> [--stage <stage>] [--website <url>] [--ror <id>]
                        add a society to the directory (kinds: COMMUNITY_OF_PRACTICE, PROFESSIONAL_SOCIETY,
                        TRAINEE_NETWORK, RESEARCH_GROUP, ACADEMY; stages: ESTABLISH (default), GROW, SUSTAIN);
                        then give it keys (key create --role society --society <slug>)
  society update <slug> [--name …] [--kind …] [--stage …] [--country …] [--website …] [--ror …] [--origin <origin> …]
                        change a society; a stage change is kept in its stage history; --origin (repeatable)
                        sets the web origins (https://www.society.org) its site calls copnet from: CORS and
                        its publishable keys answer those only; every gateway applies it within its registry poll
  society list          every society: slug, name, kind, stage and since when, country
  society origins       every society's registered web origins`;

interface SocietyRecord {
  id: string;
  slug: string;
  name: string;
  kind: string;
  stage: string;
  country: string;
  website: string | null;
  ror: string | null;
  stageHistory: { stage: string; since: string }[];
}

/** `copnet society …`: societies in the members directory, through the gateway's admin API. */
export async function societyCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      slug: { type: "string" },
      name: { type: "string" },
      country: { type: "string" },
      kind: { type: "string" },
      stage: { type: "string" },
      website: { type: "string" },
      ror: { type: "string" },
      origin: { type: "string", multiple: true },
      ...ADMIN_CLIENT_OPTIONS,
    },
    allowPositionals: true,
  });
  const admin = new AdminClient(values);
  const fields = { name: values.name, kind: values.kind?.toUpperCase(), stage: values.stage?.toUpperCase(), country: values.country, website: values.website, ror: values.ror };
  if (action === "create") {
    const { society } = await admin.call<{ society: SocietyRecord }>("POST", "societies", { ...fields, slug: required(values.slug, "--slug") });
    console.log(`created ${society.slug} (${society.name}), ${society.kind}, stage ${society.stage}, id ${society.id}`);
  } else if (action === "update") {
    const slug = required(positionals[0], "the society's slug");
    const changesRecord = Object.values(fields).some((value) => value !== undefined);
    if (!changesRecord && !values.origin) throw new Error(`usage:\n${SOCIETY_HELP}`);
    if (changesRecord) {
      const { society } = await admin.call<{ society: SocietyRecord }>("POST", "societies/update", { ...fields, society: slug });
      console.log(`updated ${society.slug} (${society.name}): stage ${society.stage}; history ${society.stageHistory.map((change) => `${change.stage} since ${stamp(change.since)}`).join(", ")}`);
    }
    if (values.origin) {
      const answer = await admin.call("POST", "societies/origins", { society: await admin.societyId(slug), origins: values.origin });
      report(answer);
      if (!answer.error) console.log(`${slug} calls copnet from: ${(answer.origins as string[]).join(", ") || "no web origin"}`);
    }
  } else if (action === "list") {
    const { societies } = await admin.call<{ societies: SocietyRecord[] }>("GET", "societies");
    table(
      ["slug", "name", "kind", "stage", "since", "country", "website"],
      societies.map((society) => [society.slug, society.name, society.kind, society.stage, stamp(society.stageHistory.at(-1)?.since ?? null), society.country, society.website ?? "-"]),
    );
  } else if (action === "origins") {
    const { societies } = await admin.call<{ societies: { society: string; origins: string[]; enforceDocuments: boolean }[] }>("GET", "societies/origins");
    for (const society of societies) console.log(`${society.society}  ${society.enforceDocuments ? "trusted documents only" : "any document"}  ${society.origins.join(" ") || "-"}`);
  } else {
    throw new Error(`usage:\n${SOCIETY_HELP}`);
  }
}
