import { describe, expect, it } from "vitest";
import {
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
