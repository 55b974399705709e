import type { Route } from "../../lib/http.js";
import type { Logger } from "../../lib/log.js";
import { browserBundle, sendAsset } from "../browser-bundle.js";

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>copnet admin console</title>
  <style>
    body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d2430; background: #f5f6f8; }
    header { background: #1d2430; color: #fff; padding: .6rem 1.2rem; display: flex; gap: 1.2rem; align-items: center; }
    header h1 { font-size: 1.05rem; margin: 0 1rem 0 0; }
    header button { background: none; color: #cfd6e4; border: 0; font: inherit; cursor: pointer; padding: .3rem .1rem; }
    header button[aria-current="page"] { color: #fff; border-bottom: 2px solid #7fb2ff; }
    main { padding: 1rem 1.2rem; max-width: 1200px; }
    section { background: #fff; border: 1px solid #dde1e8; border-radius: 6px; padding: .8rem 1rem; margin-bottom: 1rem; }
    h2 { font-size: 1.05rem; margin: .2rem 0 .6rem; }
    table { border-collapse: collapse; width: 100%; font-size: 14px; }
    th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eceff3; vertical-align: top; }
    form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
    label { display: flex; flex-direction: column; font-size: 13px; gap: .15rem; }
    input, select, textarea { font: inherit; padding: .25rem .4rem; border: 1px solid #b9c0cc; border-radius: 4px; }
    textarea { font-family: ui-monospace, monospace; font-size: 13px; width: 100%; min-height: 8rem; }
    button { font: inherit; padding: .3rem .8rem; border-radius: 4px; border: 1px solid #2f5fb3; background: #2f5fb3; color: #fff; cursor: pointer; }
    button.plain { background: #fff; color: #2f5fb3; }
    pre { white-space: pre-wrap; background: #f3f5f8; padding: .6rem; border-radius: 4px; font-size: 13px; }
    .error { color: #a4161a; } .ok { color: #1b7f3b; } .muted { color: #687386; }
    .BREAKING { color: #a4161a; } .DANGEROUS { color: #a15c00; } .NON_BREAKING { color: #1b7f3b; }
    .secret { font-family: ui-monospace, monospace; background: #fff8d6; padding: .4rem; border-radius: 4px; }
  </style>
</head>
<body>
  <div id="console">Loading the copnet admin console…</div>
  <script type="module" src="/admin/console.js"></script>
</body>
</html>`;

/** The page holds an admin key: it runs only its own script, talks only to this gateway and is never framed. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The admin console, `GET /admin`: one page over the admin API alone (societies, keys, network status,
 * registry history with diffs, check, publish and rollback), bundled like the explorer and loading nothing
 * from any other host. The admin key is typed into the page and kept in the tab's session storage.
 */
export function adminConsoleRoutes(log: Logger): Route {
  return async (req, res, url) => {
    if (req.method !== "GET") return false;
    if (url.pathname === "/admin") return sendAsset(res, "text/html; charset=utf-8", PAGE, { "content-security-policy": CONTENT_SECURITY_POLICY });
    if (url.pathname !== "/admin/console.js") return false;
    const bundle = await browserBundle(new URL("./console/app.tsx", import.meta.url)).catch((error: unknown) => {
      log.error({ err: error }, "could not bundle the admin console");
      throw error;
    });
    return sendAsset(res, "text/javascript; charset=utf-8", bundle.js);
  };
}
