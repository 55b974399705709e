import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../lib/pagination.js";
import {
  isIsoDate,
  isIsoInstant,
  isWellFormedText,
  normaliseCountry,
  normaliseDoi,
  normaliseLanguage,
  normaliseOrcid,
  normaliseRor,
  normaliseTimeZone,
} from "../../lib/validators.js";

describe("ORCID", () => {
  it.each([
    ["0000-0002-1825-0097", "0000-0002-1825-0097"], // Josiah Carberry, ORCID's own example
    ["https://orcid.org/0000-0001-5109-3700", "0000-0001-5109-3700"],
    ["0000-0002-1694-233X", "0000-0002-1694-233X"], // check digit X
    ["0000000218250097", "0000-0002-1825-0097"],
  ])("accepts %s", (input, expected) => expect(normaliseOrcid(input)).toBe(expected));

  it.each(["0000-0002-1825-0098", "0000-0002-1694-2339", "0000-0002-1825", "orcid", "1234-5678-9012-345Y"])(
    "refuses %s",
    (input) => expect(normaliseOrcid(input)).toBeNull(),
  );
});

describe("DOI", () => {
  it.each([
    ["10.1056/NEJMoa2034577", "10.1056/nejmoa2034577"],
    ["https://doi.org/10.1182/blood-2016-03-643544", "10.1182/blood-2016-03-643544"],
    ["doi:10.1080/0142159X.2019.1652732", "10.1080/0142159x.2019.1652732"],
    ["http://dx.doi.org/10.1111/medu.14070", "10.1111/medu.14070"],
  ])("normalises %s", (input, expected) => expect(normaliseDoi(input)).toBe(expected));

  it.each(["10.1056", "11.1056/NEJM", "doi:", "https://example.org/10.1/x", "10.12/short-registrant"])(
    "refuses %s",
    (input) => expect(normaliseDoi(input)).toBeNull(),
  );
});

describe("ROR id", () => {
  it.each([
    ["https://ror.org/03vek6s52", "https://ror.org/03vek6s52"], // Harvard University
    ["042nb2s44", "https://ror.org/042nb2s44"], // MIT
    ["052gg0110", "https://ror.org/052gg0110"], // University of Oxford
    ["02jx3x895", "https://ror.org/02jx3x895"], // University College London
  ])("accepts %s", (input, expected) => expect(normaliseRor(input)).toBe(expected));

  it.each(["03vek6s53", "13vek6s52", "03vek6s5", "03veI6s52", "https://ror.org/"])("refuses %s", (input) =>
    expect(normaliseRor(input)).toBeNull(),
  );
});

describe("country", () => {
  it.each([
    ["PT", "PT"],
    ["br", "BR"],
    ["GB", "GB"],
  ])("accepts %s", (input, expected) => expect(normaliseCountry(input)).toBe(expected));
  it.each(["UK", "XX", "EU", "PRT", ""])("refuses %s", (input) => expect(normaliseCountry(input)).toBeNull());
});

describe("BCP 47 language", () => {
  it.each([
    ["en", "en"],
    ["pt-br", "pt-BR"],
    ["zh-Hant-TW", "zh-Hant-TW"],
    ["es-419", "es-419"],
  ])("accepts %s", (input, expected) => expect(normaliseLanguage(input)).toBe(expected));
  it.each(["xx", "english", "en_US_", "12", ""])("refuses %s", (input) =>
    expect(normaliseLanguage(input)).toBeNull(),
  );
});

describe("IANA time zone", () => {
  it.each(["Europe/Lisbon", "America/Argentina/Buenos_Aires", "Asia/Kolkata", "UTC", "Etc/GMT+5"])(
    "accepts %s",
    (input) => expect(normaliseTimeZone(input)).toBe(input),
  );
  it.each(["Mars/Olympus_Mons", "+01:00", "GMT+1", "Europe/Lisbonn", "europe"])("refuses %s", (input) =>
    expect(normaliseTimeZone(input)).toBeNull(),
  );
});

describe("text PostgreSQL can store", () => {
  it.each(["Müller", "José", "😀 emoji (a surrogate pair)", "", "tab\tand newline\n"])("accepts %j", (value) => expect(isWellFormedText(value)).toBe(true));
  it.each(["a\u0000b", "\ud800", "x\udc00", "\udfff\ud800"])("refuses %j", (value) => expect(isWellFormedText(value)).toBe(false));
});

describe("dates and instants in cursors", () => {
  it.each(["2026-02-28", "2024-02-29", "0001-01-01", "0099-12-31", "9999-12-31"])("accepts the date %s", (value) => expect(isIsoDate(value)).toBe(true));
  it.each(["2026-02-29", "2026-13-01", "0000-01-01", "26-01-01", "2026-1-1", "+10000-01-01"])("refuses the date %s", (value) => expect(isIsoDate(value)).toBe(false));
  it.each(["2026-11-30T10:00:00.000Z", "2026-11-30T10:00:00Z"])("accepts the instant %s", (value) => expect(isIsoInstant(value)).toBe(true));
  it.each(["2026-02-30T00:00:00.000Z", "+275760-09-13T00:00:00.000Z", "2026-11-30T25:00:00Z", "2026-11-30"])("refuses the instant %s", (value) =>
    expect(isIsoInstant(value)).toBe(false),
  );
});

describe("cursors", () => {
  const id = "8a0d0c4e-8a1f-4e0b-9e59-1f3c7a1b2c3d";
  it("should give back the parts it encoded", () => {
    expect(decodeCursor(encodeCursor(["2026-11-30", id]), ["date", "uuid"])).toEqual(["2026-11-30", id]);
  });

  it.each([
    ["a bad id", ["Müller", "1 or 1=1"]],
    ["a NUL in text", ["M\u0000", id]],
    ["a number for text", [7, id]],
    ["too few parts", ["Müller"]],
  ])("should refuse %s as BAD_USER_INPUT on after", (_, values) => {
    expect(() => decodeCursor(encodeCursor(values as string[]), ["text", "uuid"])).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field: "after" }) }));
  });

  it("should refuse an impossible date and a string that is not base64 JSON", () => {
    expect(() => decodeCursor(encodeCursor(["2026-02-30", id]), ["date", "uuid"])).toThrow(/not a cursor/);
    expect(() => decodeCursor("!!not a cursor", ["text", "uuid"])).toThrow(/not a cursor/);
  });
});
