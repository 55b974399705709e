import { cp, glob, rm } from "node:fs/promises";
import { build } from "esbuild";

/** Folders whose TypeScript the services run: compiled file by file, imports left as they are. */
const SOURCES = ["lib", "gateway", "subgraphs", "seed", "bin"];
/** Read at run time beside the compiled code: the committed SDL, and the explorer and admin console pages built on first request. */
const ASSETS = ["schema", "gateway/explorer/browser", "gateway/admin/console"];

/**
 * `copnet build`: the production form of every entry point (gateway/main.js, subgraphs/<name>/main.js,
 * bin/copnet.js) under `outDir`, laid out like the repository so that paths relative to a module
 * (schema/, the explorer's app.tsx) hold. Transpiled, not bundled: node_modules is resolved as usual.
 */
export async function buildProduction(outDir = "dist"): Promise<string[]> {
  await rm(outDir, { recursive: true, force: true });
  const entryPoints: string[] = [];
  for (const folder of SOURCES) {
    for await (const file of glob(`${folder}/**/*.ts`)) if (!file.endsWith(".d.ts")) entryPoints.push(file);
  }
  await build({
    entryPoints,
    outdir: outDir,
    outbase: ".",
    platform: "node",
    format: "esm",
    target: "node24",
    // experimentalDecorators and useDefineForClassFields from tsconfig.json, as tsx and vitest read them.
    tsconfig: "tsconfig.json",
    logLevel: "warning",
  });
  for (const asset of ASSETS) await cp(asset, `${outDir}/${asset}`, { recursive: true });
  return entryPoints;
}
