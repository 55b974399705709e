/**
 * SQL shared by the subgraphs' migrations for case- and accent-insensitive search. unaccent() is only
 * STABLE; pinning its dictionary makes the fold safe to declare IMMUTABLE, so it can feed generated
 * columns and indexes.
 */
export const TEXT_SEARCH_FUNCTIONS = [
  `create extension if not exists unaccent;`,
  `create extension if not exists pg_trgm;`,
  `create or replace function copnet_fold(text) returns text language sql immutable parallel safe strict
    as $$ select lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;`,
  `create or replace function copnet_escape_like(text) returns text language sql immutable parallel safe strict
    as $$ select replace(replace(replace($1, '\\', '\\\\'), '%', '\\%'), '_', '\\_') $$;`,
];

/** `column LIKE %term%` on a trigram-indexed folded column: an index scan, not a sequential one. */
export const containsFolded = (column: string) => `${column} like '%' || copnet_escape_like(copnet_fold(?)) || '%'`;

/** Values for `in (?)`: an empty list is not SQL, so it becomes one value no row has (the condition stays false). */
export function inList(values: string[]): string[] {
  return values.length > 0 ? values : [""];
}
