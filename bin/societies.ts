import { parseArgs } from "node:util";
import { ADMIN_CLIENT_OPTIONS, AdminClient, required, societyLabel, stamp, table } from "./admin-client.js";

export const SOCIETY_HELP = `  society create --slug <slug> --name <name> --country <XX> --kind <kind> [--stage <stage>] [--website <url>] [--ror <id>]
                        [--origin https://www.society.org …]
                        add a society to the directory (kinds: COMMUNITY_OF_PRACTICE, PROFESSIONAL_SOCIETY,
                        TRAINEE_NETWORK, RESEARCH_GROUP, ACADEMY; stages: ESTABLISH (default), GROW, SUSTAIN)
                        and its web origins (as update --origin); then give it keys (key create --role
                        society --society <slug>)
  society update <slug> [--name …] [--kind …] [--stage …] [--country …] [--website …] [--ror …]
                        [--origin https://www.society.org …]
                        change a society; a stage change is kept in its stage history. --origin (repeat
                        it) replaces the web origins its site calls copnet from: CORS and its publishable
                        keys answer those only; every gateway applies them within its registry poll
  society list          every society: slug, name, kind, stage and since when, country
  society origins       every society's registered web origins, and whether it enforces trusted documents`;

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
  // Web origins are kept by the gateway, the other fields by the members directory.
  const setOrigins = async (slug: string, origins: string[]) => {
    const answer = await admin.call<{ origins: string[] }>("POST", "societies/origins", { society: slug, origins });
    console.log(`${slug} calls copnet from: ${answer.origins.join(", ") || "no web origin"}`);
  };
  if (action === "create") {
    const { society } = await admin.call<{ society: SocietyRecord }>("POST", "societies", { ...fields, slug: required(values.slug, "--slug") });
    console.log(`created ${society.slug} (${society.name}), ${society.kind}, stage ${society.stage}, id ${society.id}`);
    if (values.origin) await setOrigins(society.slug, values.origin);
  } else if (action === "update") {
    const slug = required(positionals[0], "the society's slug");
    if (values.origin) {
      await setOrigins(slug, values.origin);
      if (Object.values(fields).every((value) => value === undefined)) return;
    }
    const { society } = await admin.call<{ society: SocietyRecord }>("POST", "societies/update", { ...fields, society: slug });
    console.log(`updated ${society.slug} (${society.name}): stage ${society.stage}; history ${society.stageHistory.map((change) => `${change.stage} since ${stamp(change.since)}`).join(", ")}`);
  } else if (action === "list") {
    const { societies } = await admin.call<{ societies: SocietyRecord[] }>("GET", "societies");
    table(
      ["slug", "name", "kind", "stage", "since", "country", "website"],
      societies.map((society) => [society.slug, society.name, society.kind, society.stage, stamp(society.stageHistory.at(-1)?.since ?? null), society.country, society.website ?? "-"]),
    );
  } else if (action === "origins") {
    const { societies } = await admin.call<{ societies: { society: { slug: string | null; name: string | null }; origins: string[]; enforceDocuments: boolean }[] }>("GET", "societies/origins");
    table(
      ["society", "documents", "origins"],
      societies.map((web) => [societyLabel(web.society), web.enforceDocuments ? "trusted only" : "any", web.origins.join(" ") || "-"]),
    );
  } else {
    throw new Error(`usage:\n${SOCIETY_HELP}`);
  }
}
