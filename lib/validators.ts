/**
 * Identifier validators shared by every subgraph. Each returns the normalised value or null when the
 * input is not a valid identifier; callers turn null into a BAD_USER_INPUT error naming their field.
 */

const ORCID_PATTERN = /^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$/;

/** ORCID iD (https://orcid.org/0000-0002-1825-0097 or bare), ISO 7064 MOD 11-2 check digit. */
export function normaliseOrcid(value: string): string | null {
  const bare = value.trim().toUpperCase().replace(/^HTTPS?:\/\/(WWW\.)?ORCID\.ORG\//, "");
  const match = ORCID_PATTERN.exec(bare);
  if (!match) return null;
  const digits = match.slice(1).join("");
  let total = 0;
  for (const digit of digits.slice(0, 15)) total = (total + Number(digit)) * 2;
  const remainder = (12 - (total % 11)) % 11;
  const check = remainder === 10 ? "X" : String(remainder);
  if (check !== digits[15]) return null;
  return match.slice(1).join("-");
}

const DOI_PREFIXES = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i;
const DOI_PATTERN = /^10\.\d{4,9}\/\S+$/;

/** DOI: strips resolver and `doi:` prefixes; DOIs compare case-insensitively, so the result is lower case. */
export function normaliseDoi(value: string): string | null {
  const bare = value.trim().replace(DOI_PREFIXES, "");
  return DOI_PATTERN.test(bare) ? bare.toLowerCase() : null;
}

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";
const ROR_PATTERN = /^0[0-9a-hjkmnp-tv-z]{6}\d{2}$/;

/** ROR id (https://ror.org/03vek6s52 or bare): Crockford base32 body with an ISO 7064 MOD 97-10 checksum. */
export function normaliseRor(value: string): string | null {
  const bare = value.trim().toLowerCase().replace(/^https?:\/\/ror\.org\//, "");
  if (!ROR_PATTERN.test(bare)) return null;
  let number = 0n;
  for (const char of bare.slice(0, 7)) number = number * 32n + BigInt(CROCKFORD.indexOf(char));
  const checksum = 98n - ((number * 100n) % 97n);
  if (checksum !== BigInt(bare.slice(7))) return null;
  return `https://ror.org/${bare}`;
}

// ISO 3166-1 alpha-2, officially assigned codes.
export const COUNTRY_CODES = new Set(
  (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
    "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO " +
    "JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR " +
    "MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO " +
    "RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV " +
    "TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
  ).split(" "),
);

/** ISO 3166-1 alpha-2 country code, upper case. */
export function normaliseCountry(value: string): string | null {
  const code = value.trim().toUpperCase();
  return COUNTRY_CODES.has(code) ? code : null;
}

const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });

/**
 * BCP 47 language tag in canonical form ("pt-br" → "pt-BR"). Intl checks the syntax; the primary
 * language subtag must also be one ICU knows by name, so well-formed nonsense like "xx" is refused.
 */
export function normaliseLanguage(value: string): string | null {
  let canonical: string;
  try {
    [canonical] = Intl.getCanonicalLocales(value.trim());
  } catch {
    return null;
  }
  if (!canonical) return null;
  const primary = canonical.split("-")[0]!;
  return languageNames.of(primary) === undefined ? null : canonical;
}

const ZONE_PATTERN = /^(?:UTC|[A-Z][A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){1,2})$/;

/** IANA time zone name (Europe/Lisbon, America/Argentina/Buenos_Aires, UTC); offsets like +01:00 are refused. */
export function normaliseTimeZone(value: string): string | null {
  const zone = value.trim();
  if (!ZONE_PATTERN.test(zone)) return null;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone === "" ? null : zone;
  } catch {
    return null;
  }
}

export const MAX_TOPICS = 20;
export const MAX_TOPIC_LENGTH = 60;
export const TOPICS_RULE = `at most ${MAX_TOPICS} topics of 1 to ${MAX_TOPIC_LENGTH} characters`;

/** Topics of a community or a resource: trimmed, each once, a bounded list of short strings; null if not. */
export function normaliseTopics(topics: readonly string[]): string[] | null {
  const unique = [...new Set(topics.map((topic) => topic.trim()))];
  return unique.length > MAX_TOPICS || unique.some((topic) => topic.length === 0 || topic.length > MAX_TOPIC_LENGTH) ? null : unique;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot name a record and is refused before it reaches SQL. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text PostgreSQL can store and UTF-8 can encode: no NUL (PostgreSQL refuses it in text) and no lone
 * UTF-16 surrogate (it would be stored silently as U+FFFD, a different string from the one sent).
 */
export function isWellFormedText(value: string): boolean {
  return !value.includes("\u0000") && !LONE_SURROGATE.test(value);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date YYYY-MM-DD in years 1–9999 that exists (no 31 February). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // Date.UTC would read years 0–99 as 1900–1999
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** An instant as `Date#toISOString` writes it, within years 1–9999. */
export function isIsoInstant(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(value)) return false;
  const time = Date.parse(value);
  return Number.isFinite(time) && isIsoDate(value.slice(0, 10));
}
