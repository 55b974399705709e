import type { IncomingMessage, ServerResponse } from "node:http";
import type { Route } from "../../lib/http.js";
import type { Logger } from "../../lib/log.js";
import { browserBundle, sendAsset as send } from "../browser-bundle.js";

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
 * The researchers' explorer: GraphiQL with its explorer plugin, bundled on the first visit (a few seconds,
 * see browser-bundle.ts). The page loads nothing from any other host, so it works on closed hospital and
 * university networks.
 */
export function explorerRoutes(log: Logger): Route {
  const bundledOrLogged = () =>
    browserBundle(new URL("./browser/app.tsx", import.meta.url)).catch((error: unknown) => {
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
