import http from "node:http";
import type { AddressInfo } from "node:net";
import { buildPartnerSite } from "./build.js";

/** The demo society whose website this is, and the origin `npm start` registers for it. */
export const DEMO_SITE = { society: "hoecop", port: 4010, origin: "http://localhost:4010", keyName: "hoecop-site" };

export interface PartnerSiteOptions {
  /** The gateway's base URL, as the page's visitors reach it. */
  gateway: string;
  /** A publishable key of the society (`copnet key create --role public`). */
  publishableKey: string;
  society: string;
  lang?: string;
  port: number;
  host?: string;
}

/** A society's page embedding `<copnet-directory>`: built on start (Codegen, then esbuild), served from memory. */
export async function startPartnerSite(options: PartnerSiteOptions): Promise<{ url: string; manifest: Record<string, string>; close(): Promise<void> }> {
  const { js, manifest } = await buildPartnerSite();
  const attribute = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  const page = `<!doctype html>
<html lang="${attribute(options.lang ?? "en")}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Find a colleague</title>
  <style>body { margin: 2rem auto; max-width: 60rem; padding: 0 1rem; font-family: Georgia, serif; }</style>
</head>
<body>
  <h1>Find a colleague</h1>
  <p>Our members, and members of every copnet society, who agreed to be listed.</p>
  <copnet-directory society="${attribute(options.society)}" gateway="${attribute(options.gateway)}" key="${attribute(options.publishableKey)}"></copnet-directory>
  <script type="module" src="/copnet-directory.js"></script>
</body>
</html>`;
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://site").pathname;
    if (path === "/") return void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
    if (path === "/copnet-directory.js") return void res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(js);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}/`,
    manifest,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
