import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestNetwork, type TestNetwork } from "./support/network.js";

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

describe("smoke", () => {
  it("answers", async () => {
    const result = await network.query(`{ members(first: 3) { totalCount edges { node { id displayName society { name } mentorProfile { capacity } works { totalCount } registrations { status event { title } } } } } }`);
    console.log(JSON.stringify(result, null, 1).slice(0, 3000));
    expect(result.errors).toBeUndefined();
  });
});
