import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../lib/database.js";
import { createApiKey } from "../../gateway/api-key/api-keys.js";
import { gatewayDatabase } from "../../gateway/database.js";
import { startPartnerSite } from "../../examples/partner-site/server.js";
import { DEMO_SOCIETIES } from "../../seed/demo-network.js";
import { adminRequest } from "../support/admin.js";
import { TEST_KEY_RATE, send, startTestNetwork, type TestNetwork } from "../support/network.js";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) console.warn(`\n⚠ SKIPPED the browser test of the partner site: ${CHROMIUM} is missing (apt-get install -y chromium).\n`);

const HOECOP = DEMO_SOCIETIES.find((society) => society.slug === "hoecop")!.id;

describe.skipIf(!available)("a society's website embedding <copnet-directory>, in Chromium", () => {
  let network: TestNetwork;
  let browser: BrowserContext;
  let site: Awaited<ReturnType<typeof startPartnerSite>>;
  let profile: string;
  beforeAll(async () => {
    network = await startTestNetwork();
    const orm = await openDatabase({ url: network.databaseUrl("gateway"), ...gatewayDatabase });
    const publishableKey = (await createApiKey(orm.em.fork(), { role: "public", societyId: HOECOP, label: "hoecop website", rate: TEST_KEY_RATE })).key;
    await orm.close();
    site = await startPartnerSite({ gateway: network.gatewayOrigin, publishableKey, society: "hoecop", port: 0 });
    expect((await adminRequest(network, "societies/origins", { society: "hoecop", origins: [new URL(site.url).origin] })).status).toBe(200);
    expect((await adminRequest(network, "documents/publish", { society: "hoecop", manifest: site.manifest, enforce: true })).status).toBe(200);
    profile = await mkdtemp(join(tmpdir(), "copnet-chromium-"));
    // A fresh profile, so nothing a previous run cached (a preflight, a bundle) plays a part.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1100, height: 1000 },
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await network?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  /** A page that records every request it makes. */
  async function open(url: string): Promise<{ page: Page; requests: { url: string; body: string | null }[] }> {
    const page = await browser.newPage();
    const requests: { url: string; body: string | null }[] = [];
    page.on("request", (request) => requests.push({ url: request.url(), body: request.postData() }));
    await page.goto(url);
    return { page, requests };
  }

  it("should search accent-insensitively, page, open a member card and switch to French, sending only document ids", async () => {
    const { page, requests } = await open(site.url);
    const status = page.locator("copnet-directory .status");
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/^\d+ members$/);
    const firstPage = await page.locator("copnet-directory ol.results li").allTextContents();
    expect(firstPage).toHaveLength(10);

    await page.locator("copnet-directory button.next").click();
    await expect.poll(() => page.locator("copnet-directory .page").textContent()).toBe("Page 2");
    await expect.poll(async () => (await page.locator("copnet-directory ol.results li").allTextContents())[0]).not.toBe(firstPage[0]);
    await page.locator("copnet-directory button.previous").click();
    await expect.poll(() => page.locator("copnet-directory .page").textContent()).toBe("Page 1");

    await page.locator("copnet-directory input[name=q]").fill("muller");
    await expect.poll(() => page.locator("copnet-directory ol.results").textContent(), { timeout: 10_000 }).toContain("Jürgen Müller");
    await page.getByRole("button", { name: "Jürgen Müller" }).click();
    const card = page.locator("copnet-directory article.card");
    await expect.poll(() => card.textContent()).toContain("Mentoring");
    expect(await card.textContent()).toContain("Germany");
    expect(await card.textContent()).toMatch(/Society.+(Community|Network|Group|Academy)/);
    await expect.poll(() => page.locator("copnet-directory ul.events").textContent()).not.toBe("");

    await page.locator("copnet-directory header select").selectOption("fr");
    await expect.poll(() => page.locator("copnet-directory ol.results").textContent(), { timeout: 10_000 }).toContain("Allemagne");
    expect(await page.locator("copnet-directory input[name=q]").getAttribute("placeholder")).toBe("Rechercher par nom ou expertise");
    // The demo society has upcoming events; each links to the gateway's iCalendar file.
    await expect.poll(() => page.locator("copnet-directory section").textContent()).toMatch(/Événements à venir.*Ajouter au calendrier/);
    expect(await page.locator("copnet-directory ul.events a").first().getAttribute("href")).toMatch(new RegExp(`^${network.gatewayOrigin}/events/[0-9a-f-]+\\.ics$`));

    await mkdir("test/artifacts", { recursive: true });
    await page.getByRole("button", { name: "Jürgen Müller" }).click();
    await expect.poll(() => page.locator("copnet-directory article.card").textContent()).toContain("Mentorat");
    await page.screenshot({ path: "test/artifacts/partner-site.png", fullPage: true });

    const graphql = requests.filter((request) => request.url.startsWith(network.gatewayUrl));
    expect(graphql.length).toBeGreaterThan(5);
    for (const request of graphql) {
      const body = JSON.parse(request.body ?? "{}") as Record<string, unknown>;
      expect(body.documentId).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(body.query).toBeUndefined();
      expect(Object.values(site.manifest)).toContain(site.manifest[body.documentId as string]);
    }
    // Nor does the bundle carry the operations' text: only their ids.
    const bundle = await send(new URL("/copnet-directory.js", site.url).toString());
    for (const document of Object.values(site.manifest)) expect(bundle.text).not.toContain(document.slice(0, 40));
    const outside = requests.filter((request) => !/^(data:|blob:)/.test(request.url) && !["127.0.0.1", "localhost"].includes(new URL(request.url).hostname));
    expect(outside).toEqual([]);
    await page.close();
  });

  it("should show a clear error on a site whose origin is not registered", async () => {
    const unregistered = site.url.replace("127.0.0.1", "localhost");
    const { page } = await open(unregistered);
    const status = page.locator("copnet-directory .status");
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain("cannot be reached from this site");
    expect(await page.locator("copnet-directory ol.results li").count()).toBe(0);
    await page.close();
  });
});
