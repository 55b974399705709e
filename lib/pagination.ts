import { Directive, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { cost, paged, WEIGHTS } from "./demand-control.js";
import { badUserInput } from "./errors.js";
import { isIsoDate, isIsoInstant, isUuid, isWellFormedText } from "./validators.js";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Demand control for a field returning a connection: its page holds `first` edges. */
export const PAGED = paged(DEFAULT_PAGE_SIZE);

// Every subgraph with a paginated list defines the same PageInfo, hence shareable.
@ObjectType({ description: "Where a page ends and whether another follows (Relay)." })
@Directive("@shareable")
export class PageInfo {
  @Field(() => Boolean, { description: "True when another page follows this one." })
  hasNextPage!: boolean;

  @Field(() => String, { description: "Cursor of the last item of this page, for `after`; null on an empty page.", nullable: true })
  endCursor!: string | null;
}

/** The position of a row in a keyset-ordered list: the values of its ORDER BY columns. */
export type CursorValues = readonly (string | number)[];

export function encodeCursor(values: CursorValues): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

/** What one ORDER BY column of a cursor holds; each is checked before it reaches SQL. */
export type CursorPart = "text" | "uuid" | "date" | "instant";

const CURSOR_PARTS: Record<CursorPart, (value: string) => boolean> = {
  text: isWellFormedText,
  uuid: isUuid,
  date: isIsoDate,
  instant: isIsoInstant,
};

/**
 * The values of a cursor this list encoded, one per part. A client can send any string, so a cursor that
 * does not decode to exactly these parts — a bad id, an impossible date, a NUL — is BAD_USER_INPUT.
 */
export function decodeCursor(cursor: string, parts: readonly CursorPart[]): string[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(values) &&
      values.length === parts.length &&
      values.every((value, index) => typeof value === "string" && CURSOR_PARTS[parts[index]!](value))
    ) {
      return values as string[];
    }
  } catch {
    // falls through to the error below
  }
  throw badUserInput([{ field: "after", message: "is not a cursor returned by this list" }]);
}

export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badUserInput([{ field: "first", message: `must be between 1 and ${MAX_PAGE_SIZE}` }]);
  }
  return size;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  /** A getter: the count query runs only when a client selects totalCount. */
  readonly totalCount: Promise<number>;
}

/**
 * Turns `size + 1` keyset-ordered rows into a page: the extra row only says whether another page follows.
 * `totalCount` is a getter so the count query runs only when a client selects it.
 */
export function toPage<T>(rows: T[], size: number, cursorOf: (row: T) => CursorValues, count: () => Promise<number>): Page<T> {
  const nodes = rows.slice(0, size);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
    get totalCount() {
      return count();
    },
  };
}

/** A Relay connection type `<Name>Connection` with its `<Name>Edge`, for nodes of `nodeType`. */
export function connectionType<T extends object>(name: string, nodeType: ClassType<T>) {
  // "CommunityMember" → "community members", "Community" → "communities".
  const item = name.replace(/(?<=[a-z])(?=[A-Z])/g, " ").toLowerCase();
  const items = item.endsWith("y") ? `${item.slice(0, -1)}ies` : `${item}s`;
  @ObjectType(`${name}Edge`, { description: `One of a page of ${items}, with its cursor.` })
  class Edge {
    @Field(() => String, { description: "Opaque cursor of this item: pass it as `after` to continue after it." })
    cursor!: string;

    @Field(() => nodeType, { description: `The ${item}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${items} (Relay connection): pass \`pageInfo.endCursor\` as \`after\` for the next.` })
  class Connection {
    @Field(() => [Edge], { description: "The items of this page, in the list's order." })
    edges!: Edge[];

    @Field(() => PageInfo, { description: "Whether another page follows, and its cursor." })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "Number of items in the whole list, all pages together." })
    @Directive(cost(WEIGHTS.count))
    totalCount!: number;
  }
  return Connection;
}

/**
 * Pages a list already loaded in full and in order (a member's works: one batched query for the whole
 * parent page, then sliced per parent). The cursor is the id of the last item seen.
 */
export function pageOfLoadedList<T>(rows: T[], first: number | null | undefined, after: string | null | undefined, idOf: (row: T) => string): Page<T> {
  const size = pageSize(first);
  let start = 0;
  if (after) {
    const [id] = decodeCursor(after, ["uuid"]);
    start = rows.findIndex((row) => idOf(row) === id) + 1;
    if (start === 0) throw badUserInput([{ field: "after", message: "is not a cursor returned by this list" }]);
  }
  return toPage(rows.slice(start, start + size + 1), size, (row) => [idOf(row)], async () => rows.length);
}
