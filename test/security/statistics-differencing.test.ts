import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CareerStage } from "../../lib/career-stage.js";
import { buildDemoNetwork } from "../../seed/demo-network.js";
import { Profession } from "../../subgraphs/members/member/member.entity.js";
import { attack, finestDomain, groupKey, GROUPINGS, groupsOf, type Dimension, type Figure, type ProtectedGroup } from "../support/disclosure-attack.js";
import { send, startTestNetwork, type TestNetwork } from "../support/network.js";

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

const demo = buildDemoNetwork();
const FIELD: Record<Dimension, string> = { COUNTRY: "country", SOCIETY: "society", CAREER_STAGE: "careerStage", PROFESSION: "profession" };
const STATS = `query ($groupBy: [StatsDimension!]!) { directoryStats(groupBy: $groupBy) { total method cells { country society { id slug } careerStage profession count suppressed } } }`;
/** Every series from before the oldest seeded record to after the newest: ten years, the most one query covers. */
const SERIES_RANGE = { from: "2017-01-01", to: "2027-01-01" };
const month = (date: unknown) => new Date(date as string | Date).toISOString().slice(0, 7);

/** Counts by key, from the seeded records. */
function tally(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

describe("differencing published statistics", () => {
  it("should leave every group of 1–4 people at least five possible sizes, whatever a researcher combines", async () => {
    const researcher = network.keys.researcher;
    const ask = async (query: string, variables: Record<string, unknown> = {}) => {
      const { data, errors } = await network.query(query, variables, researcher);
      expect(errors).toBeUndefined();
      return data!;
    };
    const { societies } = await ask(`{ societies { id slug memberCount } }`);
    const domain = finestDomain({
      countries: [...new Set(demo.members.map((member) => member.country as string))].sort(),
      societies: societies.map((society: { id: string }) => society.id),
      careerStages: Object.values(CareerStage),
      professions: Object.values(Profession),
    });
    const position = new Map(domain.map((cell, index) => [JSON.stringify(cell), index]));
    const counted = demo.members.filter((member) => member.researchConsent);
    const truth = new Array<number>(domain.length).fill(0);
    for (const member of counted) truth[position.get(JSON.stringify({ country: member.country, society: member.societyId, careerStage: member.careerStage, professions: [...(member.professions as string[])].sort() }))!]! += 1;
    const sum = (cells: number[]) => cells.reduce((total, cell) => total + truth[cell]!, 0);

    const figures: Figure[] = [];
    const protectedGroups: ProtectedGroup[] = [];
    const everyCell = domain.map((_, cell) => cell);
    for (const grouping of GROUPINGS) {
      const { directoryStats } = await ask(STATS, { groupBy: grouping });
      expect(directoryStats.method).toBe("cell key random rounding to base 5");
      figures.push({ kind: "rounded", cells: everyCell, value: directoryStats.total });
      const released = new Map<string, number>();
      for (const cell of directoryStats.cells) {
        expect(cell.suppressed).toBe(false);
        released.set(groupKey(grouping.map((dimension) => (dimension === "SOCIETY" ? cell.society.id : cell[FIELD[dimension]]))), cell.count);
      }
      // The CSV download of the same grouping publishes the same figures.
      const csv = await send(new URL(`/stats/directory.csv?groupBy=${grouping.join(",")}`, network.gatewayUrl).toString(), { headers: { authorization: `Bearer ${researcher}` } });
      const [, ...rows] = csv.text.trim().split("\r\n");
      const slugs = new Map(societies.map((society: { id: string; slug: string }) => [society.slug, society.id]));
      const downloaded = new Map(rows.map((row) => {
        const columns = row.split(",");
        const values = grouping.map((dimension, index) => (dimension === "SOCIETY" ? slugs.get(columns[index]!) : columns[index]!)) as string[];
        return [groupKey(values), Number(columns[grouping.length])];
      }));
      expect(downloaded).toEqual(released);
      // A group left out is published as zero.
      for (const [key, cells] of groupsOf(domain, grouping)) {
        figures.push({ kind: "rounded", cells, value: released.get(key) ?? 0 });
        const size = sum(cells);
        if (size > 0 && size < 5) protectedGroups.push({ name: `${grouping.join("×")} ${key}`, cells, truth: size });
      }
    }

    // Society.memberCount counts every active membership, so it bounds the research-consented members of each
    // society from above (every seeded member is an active member of their home society).
    expect(demo.members.every((member) => demo.memberships.some((membership) => membership.memberId === member.id && membership.societyId === member.societyId && membership.status === "ACTIVE"))).toBe(true);
    for (const society of societies) {
      figures.push({ kind: "atMost", cells: everyCell.filter((cell) => domain[cell]!.society === society.id), value: society.memberCount });
    }

    // Series: each month is a cell of its own population (memberships, mentoring relations, attendances).
    let offset = domain.length;
    const series = async (field: string, records: string[], ranges: { from: string; to: string }[]) => {
      const months = new Map<string, number>();
      const counts = tally(records);
      for (const range of ranges) {
        const points = (await ask(`query ($from: Date, $to: Date) { ${field}(from: $from, to: $to) { month count suppressed } }`, range))[field];
        for (const point of points) {
          if (!months.has(point.month)) months.set(point.month, offset++);
          figures.push({ kind: "rounded", cells: [months.get(point.month)!], value: point.count });
        }
      }
      for (const [key, cell] of months) {
        const size = counts.get(key) ?? 0;
        if (size > 0 && size < 5) protectedGroups.push({ name: `${field} ${key}`, cells: [cell], truth: size });
      }
      return [...months.values()];
    };
    const countedIds = new Set(counted.map((member) => member.id));
    // Day-level bounds as well as whole years: a series cannot be differenced day by day.
    const memberships = await series("membershipTimeSeries", demo.memberships.filter((membership) => countedIds.has(membership.memberId as string)).map((membership) => month(membership.since)),
      [SERIES_RANGE, { from: "2024-03-10", to: "2024-03-20" }, { from: "2024-03-11", to: "2024-05-02" }, { from: "2025-06-30", to: "2025-07-01" }]);
    // Research-consented members are no more than their memberships.
    figures.push({ kind: "atMost", cells: everyCell, minus: memberships, value: 0 });
    await series("mentoringTimeSeries", demo.relations.filter((relation) => relation.startedAt).map((relation) => month(relation.startedAt)), [SERIES_RANGE, { from: "2025-02-03", to: "2025-02-04" }]);
    const startOf = new Map(demo.events.map((event) => [event.id, event.startsAt]));
    await series("attendanceTimeSeries", demo.registrations.filter((registration) => registration.status === "ATTENDED").map((registration) => month(startOf.get(registration.eventId))), [SERIES_RANGE, { from: "2025-05-15", to: "2025-06-15" }]);

    // The demo network has many small groups, so the attack has work to do.
    expect(protectedGroups.length).toBeGreaterThan(1000);
    const exposures = await attack(figures, protectedGroups);
    const pinned = exposures.filter((exposure) => exposure.possible < 5);
    console.info(`${figures.length} published figures, ${protectedGroups.length} groups of 1–4 attacked, ${exposures.filter((exposure) => exposure.by === "witness").length} proven by witnesses; pinned: ${pinned.length}`);
    expect(pinned.map((exposure) => exposure.name)).toEqual([]);
    // Every 50th group again by its own MIP maximum and minimum: the optimum agrees with the witnesses.
    const sample = protectedGroups.filter((_, index) => index % 50 === 0);
    const solved = await attack(figures, sample, { witnesses: false });
    solved.forEach((exposure, index) => {
      expect(exposure.by).toBe("solver");
      // The solver's optimum bounds what a witness found (it skips the minimum once the maximum alone leaves five values).
      const witnessed = exposures[index * 50]!;
      expect(exposure.max, exposure.name).toBeGreaterThanOrEqual(witnessed.max);
      if (exposure.min !== null && witnessed.min !== null) expect(exposure.min, exposure.name).toBeLessThanOrEqual(witnessed.min);
      expect(exposure.possible, exposure.name).toBeGreaterThanOrEqual(5);
      expect(exposure.truth).toBeGreaterThanOrEqual(exposure.min ?? 0);
      expect(exposure.truth).toBeLessThanOrEqual(exposure.max);
    });
  }, 180_000);
});
