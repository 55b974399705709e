import DataLoader from "dataloader";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstVisible, type MemberAccess, type MemberAccessContext } from "../../lib/member-access.js";

/** A request context whose lookups answer from `hidden`, counting the ids asked about. */
function contextHiding(hidden: Set<string>) {
  const asked: string[][] = [];
  const context: MemberAccessContext = {
    caller: { role: "anonymous", societyId: null, keyId: null },
    memberAccess: new DataLoader<string, MemberAccess>(async (ids) => {
      asked.push([...ids]);
      return ids.map((id) => ({ visible: !hidden.has(id), homeSocietyId: hidden.has(id) ? null : "s" }));
    }),
  };
  return { context, asked };
}

const ranked = (count: number) => Array.from({ length: count }, (_, index) => ({ memberId: `m${index}` }));

describe("the first visible members of a ranking (mentor matches)", () => {
  it("should give exactly what filtering every candidate first would, in rank order", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 220 }), fc.integer({ min: 1, max: 50 }), fc.array(fc.nat(219)), async (size, count, hiddenIndexes) => {
        const items = ranked(size);
        const hidden = new Set(hiddenIndexes.map((index) => `m${index}`));
        const { context } = contextHiding(hidden);
        const shown = await firstVisible(context, items, (item) => item.memberId, count);
        expect(shown).toEqual(items.filter((item) => !hidden.has(item.memberId)).slice(0, count));
      }),
      { numRuns: 200 },
    );
  });

  it("should ask about 20 of 200 candidates for a page of 10 when none is hidden, and more only past hidden ones, in growing rounds", async () => {
    const quiet = contextHiding(new Set());
    expect(await firstVisible(quiet.context, ranked(200), (item) => item.memberId, 10)).toHaveLength(10);
    expect(quiet.asked.flat()).toHaveLength(20);

    const hiding = contextHiding(new Set(Array.from({ length: 15 }, (_, index) => `m${index}`)));
    const shown = await firstVisible(hiding.context, ranked(200), (item) => item.memberId, 10);
    expect(shown.map((item) => item.memberId)).toEqual(Array.from({ length: 10 }, (_, index) => `m${index + 15}`));
    expect(hiding.asked).toHaveLength(2);

    // Nearly everyone hidden (the usual case for an anonymous caller): a few growing rounds, not one per 20 ids.
    const mostlyHidden = contextHiding(new Set(Array.from({ length: 195 }, (_, index) => `m${index}`)));
    expect(await firstVisible(mostlyHidden.context, ranked(200), (item) => item.memberId, 10)).toHaveLength(5);
    expect(mostlyHidden.asked.length).toBeLessThanOrEqual(4);
  });
});
