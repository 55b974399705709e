import { describe, expect, it } from "vitest";
import { csvField } from "../../gateway/downloads/csv.js";

describe("a CSV field of someone else's text", () => {
  it("should keep a plain name as it is, Unicode included", () => {
    expect(csvField("José Müller")).toBe("José Müller");
    expect(csvField("O'Neil-Smith")).toBe("O'Neil-Smith");
  });

  it("should quote a value holding a quote, comma or line break", () => {
    expect(csvField('Ann "Nan" Lee, MD')).toBe('"Ann ""Nan"" Lee, MD"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
  });

  it("should never hand a spreadsheet a formula", () => {
    expect(csvField('=HYPERLINK("http://evil.example","Ann")')).toBe(`"'=HYPERLINK(""http://evil.example"",""Ann"")"`);
    for (const start of ["+", "-", "@", "\t", "\r"]) expect(csvField(`${start}1+1`).replace(/^"/, "")).toMatch(/^'/);
  });
});
