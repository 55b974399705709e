/** One mentor→mentee link of a tree, `level` steps from the member the tree is about (1: their own mentor or mentee). */
export interface TreeLink {
  mentorId: string;
  menteeId: string;
  programId: string | null;
  level: number;
}

/**
 * The links the caller may see, walked out from the root: a link is kept only when both of its members are
 * visible and its nearer member was reached, so the chain stops at a hidden member — nothing beyond them
 * shows that they are there. Each member appears once (peer programmes can make cycles), at their nearest level.
 */
export function visibleChain(rootId: string, links: TreeLink[], direction: "up" | "down", visible: (memberId: string) => boolean): TreeLink[] {
  const near = (link: TreeLink) => (direction === "up" ? link.menteeId : link.mentorId);
  const far = (link: TreeLink) => (direction === "up" ? link.mentorId : link.menteeId);
  const reached = new Set([rootId]);
  const kept: TreeLink[] = [];
  for (const level of [...new Set(links.map((link) => link.level))].sort((a, b) => a - b)) {
    const next: string[] = [];
    for (const link of links.filter((candidate) => candidate.level === level)) {
      if (!reached.has(near(link)) || reached.has(far(link)) || next.includes(far(link)) || !visible(far(link))) continue;
      next.push(far(link));
      kept.push(link);
    }
    next.forEach((id) => reached.add(id));
  }
  return kept;
}
