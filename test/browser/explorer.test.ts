import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestNetwork, type TestNetwork } from "../support/network.js";

/** Debian's Chromium: a test tool's own browser download fails on these machines. */
const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(`\n⚠ SKIPPED the browser test of the explorer: ${CHROMIUM} is missing. Install it with \`apt-get install -y chromium\` (.ci/run does).\n`);
}

describe.skipIf(!available)("the researchers' explorer in Chromium", () => {
  let network: TestNetwork;
  let browser: Browser;
  beforeAll(async () => {
    network = await startTestNetwork();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
    await network?.stop();
  });

  it("should run the first tab without a key, then an example operation with a researcher key and show the result, without any request leaving this machine", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    await page.goto(new URL("/explorer", network.gatewayUrl).toString());
    await page.locator(".graphiql-container").waitFor({ timeout: 60_000 });

    // First use: the open tab runs without a key, and the headers editor starts empty.
    await expect.poll(() => page.locator(".graphiql-tab").first().textContent()).toContain("DirectoryFirstPage");
    await page.locator(".graphiql-execute-button").click();
    const result = page.locator(".result-window");
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toContain('"totalCount"');
    expect(await result.textContent()).not.toContain("UNAUTHENTICATED");

    // Open the statistics tab, put the researcher key in its headers (GraphiQL keeps headers per tab), run it.
    await page.locator(".graphiql-tab", { hasText: "DirectoryByCountry" }).click();
    await page.getByText("Headers", { exact: true }).first().click();
    const headers = page.locator(".graphiql-editor-tool .CodeMirror").last();
    expect(await headers.textContent()).not.toContain("authorization");
    await headers.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Delete");
    await page.keyboard.type(`{"authorization": "Bearer ${network.keys.researcher}"`);
    await page.locator(".graphiql-execute-button").click();
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toContain('"threshold": 5');
    expect(await result.textContent()).toContain('"directoryStats"');
    expect(await result.textContent()).not.toContain("FORBIDDEN");

    await mkdir("test/artifacts", { recursive: true });
    await page.screenshot({ path: "test/artifacts/explorer.png", fullPage: true });
    const outside = requested.filter((url) => !/^(data:|blob:)/.test(url) && !["127.0.0.1", "localhost"].includes(new URL(url).hostname));
    expect(outside).toEqual([]);
    expect(requested.some((url) => url.endsWith("/graphql"))).toBe(true);
  });
});
