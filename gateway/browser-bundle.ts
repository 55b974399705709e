import type { ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";

export interface Bundle {
  js: Uint8Array;
  /** Empty when the app imports no stylesheet. */
  css: Uint8Array;
}

/**
 * A browser app of the gateway's (the explorer, the admin console), bundled by esbuild from node_modules on
 * its first request and then kept in memory — once per process, however many gateways it runs. Not at
 * start: most gateways never serve these pages, and bundling's memory would count against every gateway.
 * Nothing in a bundle is loaded from another host, so the pages work on closed networks.
 */
export function browserBundle(entry: URL): Promise<Bundle> {
  const path = fileURLToPath(entry);
  let bundle = bundles.get(path);
  if (!bundle) {
    bundle = bundleApp(path).catch((error: unknown) => {
      bundles.delete(path);
      throw error;
    });
    bundles.set(path, bundle);
  }
  return bundle;
}

const bundles = new Map<string, Promise<Bundle>>();

async function bundleApp(entryPoint: string): Promise<Bundle> {
  const { build, stop } = await import("esbuild");
  const result = await build({
    entryPoints: [entryPoint],
    bundle: true,
    write: false,
    outdir: "app",
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    loader: { ".woff": "dataurl", ".woff2": "dataurl", ".ttf": "dataurl", ".svg": "dataurl" },
    logLevel: "silent",
  }).finally(() => stop()); // esbuild's service process would otherwise stay, holding ~150 MB
  const file = (extension: string) => result.outputFiles.find((output) => output.path.endsWith(extension))?.contents ?? new Uint8Array();
  return { js: file(".js"), css: file(".css") };
}

export function sendAsset(res: ServerResponse, type: string, body: string | Uint8Array, headers: Record<string, string> = {}): true {
  res.writeHead(200, { "content-type": type, "cache-control": "no-cache", ...headers });
  res.end(body);
  return true;
}
