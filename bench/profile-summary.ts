import { readFile } from "node:fs/promises";
import { runMain } from "../lib/main.js";

/**
 * Where a V8 CPU profile (`npm run bench -- --cpu-prof DIR`) spent its time: self time by package (or
 * copnet's own folder) and the top functions, as shares of the sampled time.
 *   node --import tsx bench/profile-summary.ts <file.cpuprofile> [top functions, default 25]
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

runMain(async () => {
  const [file, top = "25"] = process.argv.slice(2) as [string, string?];
  const profile = JSON.parse(await readFile(file, "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const total = [...selfUs.values()].reduce((sum, us) => sum + us, 0);
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    byPackage.set(where(url, functionName), (byPackage.get(where(url, functionName)) ?? 0) + us);
    const name = `${functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(?=[a-z-]+\/)/, "")}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const print = (title: string, entries: Map<string, number>, count: number) => {
    console.log(`\n${title}`);
    for (const [name, us] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, count)) console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
  };
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
  print("self time by package", byPackage, 20);
  print("self time by function", byFunction, Number(top));
});

/** A frame's package (node_modules/@scope/name), copnet's folder, node's internals or V8's own entries. */
function where(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return url.split("/")[0]!.replace(/^node:internal.*/, "node:internal");
  return /\/(bench|gateway|lib|subgraphs\/[^/]+|seed)\//.exec(url)?.[1] ?? url;
}
