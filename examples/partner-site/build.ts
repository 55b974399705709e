import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compose } from "../../gateway/registry/checks.js";
import { readSupergraphConfig, shippedSubgraphs } from "../../gateway/supergraph.js";

const HERE = fileURLToPath(new URL(".", import.meta.url));
/** Where Codegen writes the typed documents and the manifest a society publishes (`copnet documents publish`). */
export const GENERATED = join(HERE, "src/gql/");
export const MANIFEST = join(GENERATED, "persisted-documents.json");

/**
 * Generates the typed documents and persisted-documents.json with GraphQL Codegen's client preset (from the
 * client-facing schema the committed subgraph SDL composes to), then bundles the web component with esbuild.
 * The documents are replaced by their hashes, and the widget imports them from the generated module (not
 * through `graphql()`, whose lookup table holds the texts), so the bundle holds no query text, only ids.
 */
export async function buildPartnerSite(): Promise<{ js: string; manifest: Record<string, string> }> {
  const composition = compose(await shippedSubgraphs(await readSupergraphConfig()));
  if (!composition.ok) throw new Error(`the committed schemas do not compose: ${composition.errors.map((error) => error.message).join("; ")}`);
  const dir = await mkdtemp(join(tmpdir(), "copnet-partner-site-"));
  try {
    const schema = join(dir, "schema.graphql");
    await writeFile(schema, composition.apiSdl);
    const { generate } = await import("@graphql-codegen/cli");
    await generate(
      {
        schema,
        documents: [join(HERE, "src/**/*.ts"), `!${GENERATED}**`],
        ignoreNoDocuments: false,
        silent: true,
        emitLegacyCommonJSImports: false,
        generates: {
          [GENERATED]: {
            preset: "client",
            presetConfig: { fragmentMasking: false, persistedDocuments: { mode: "replaceDocumentWithHash", hashAlgorithm: "sha256" } },
            config: { enumsAsTypes: true, useTypeImports: true },
          },
        },
      },
      true,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const { build } = await import("esbuild");
  const bundle = await build({ entryPoints: [join(HERE, "src/directory.ts")], bundle: true, write: false, format: "esm", platform: "browser", target: "es2022", minify: true, logLevel: "silent" });
  return { js: bundle.outputFiles[0]!.text, manifest: JSON.parse(await readFile(MANIFEST, "utf8")) as Record<string, string> };
}
