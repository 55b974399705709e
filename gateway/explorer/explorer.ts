import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import type { Route } from "../../lib/http.js";
import type { Logger } from "../../lib/log.js";

interface Bundle {
  js: Uint8Array;
  css: Uint8Array;
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>copnet explorer</title>
  <link rel="stylesheet" href="/explorer/app.css">
  <style>html, body, #explorer { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="explorer">Loading the copnet explorer…</div>
  <script type="module" src="/explorer/app.js"></script>
</body>
</html>`;

/**
 * The researchers' explorer: GraphiQL with its explorer plugin, bundled by esbuild from node_modules on
 * the first visit (a few seconds) and then served from memory. Not at start: most gateways never serve
 * it, and the bundling's memory would count against every gateway's budget. The page loads nothing from
 * any other host, so it works on closed hospital and university networks.
 */
export function explorerRoutes(log: Logger): Route {
  const bundledOrLogged = () =>
    bundled().catch((error: unknown) => {
      log.error({ err: error }, "could not bundle the explorer");
      throw error;
    });
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (req.method !== "GET") return false;
    const wantsPage = url.pathname === "/explorer" || (url.pathname === "/graphql" && !url.search && (req.headers.accept ?? "").includes("text/html"));
    if (wantsPage) return send(res, "text/html; charset=utf-8", PAGE);
    if (url.pathname === "/explorer/app.js") return send(res, "text/javascript; charset=utf-8", (await bundledOrLogged()).js);
    if (url.pathname === "/explorer/app.css") return send(res, "text/css; charset=utf-8", (await bundledOrLogged()).css);
    return false;
  };
}

/** One bundle per process, however many gateways it runs (tests run several). */
let bundle: Promise<Bundle> | null = null;
function bundled(): Promise<Bundle> {
  bundle ??= bundleExplorer().catch((error: unknown) => {
    bundle = null;
    throw error;
  });
  return bundle;
}

async function bundleExplorer(): Promise<Bundle> {
  const { build, stop } = await import("esbuild");
  const result = await build({
    entryPoints: [fileURLToPath(new URL("./browser/app.tsx", import.meta.url))],
    bundle: true,
    write: false,
    outdir: "explorer",
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    loader: { ".woff": "dataurl", ".woff2": "dataurl", ".ttf": "dataurl", ".svg": "dataurl" },
    logLevel: "silent",
  }).finally(() => stop()); // esbuild's service process would otherwise stay, holding ~150 MB
  const file = (extension: string) => result.outputFiles.find((output) => output.path.endsWith(extension))!.contents;
  return { js: file(".js"), css: file(".css") };
}

function send(res: ServerResponse, type: string, body: string | Uint8Array): true {
  res.writeHead(200, { "content-type": type, "cache-control": "no-cache" });
  res.end(body);
  return true;
}
