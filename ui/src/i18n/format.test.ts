import { afterEach, describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatNumber, formatTime, formatWhen, setLanguage } from ".";

afterEach(() => setLanguage("en", null));

// 04:30 UTC is 10:00 in India (UTC+5:30), whatever time zone the test machine is in.
const MORNING = "2025-01-26T04:30:05Z";
// 19:00 UTC on the 25th is already the 26th in India.
const LATE = "2025-01-25T19:00:00Z";

describe("dates and times", () => {
  it("are shown in IST in every language", () => {
    expect(formatTime(MORNING, "en")).toMatch(/^10:00\s?am$/i);
    expect(formatTime(MORNING, "bn")).toMatch(/^10:00\s?(am|pm|AM)$/);
    expect(formatTime(MORNING, "hi")).toMatch(/^10:00\s?am$/i);
    expect(formatDate(LATE, "en")).toBe("26 Jan 2025");
  });

  it("use each language's month names with Latin digits", () => {
    expect(formatDate(MORNING, "en")).toBe("26 Jan 2025");
    expect(formatDate(MORNING, "bn")).toMatch(/^26 জানু,? 2025$/);
    expect(formatDate(MORNING, "hi")).toMatch(/^26 जन॰? 2025$/);
    expect(formatDateTime(MORNING, "en")).toMatch(/^26 Jan 2025,? 10:00\s?am$/i);
    for (const lang of ["en", "bn", "hi"] as const) {
      expect(formatDateTime(MORNING, lang), lang).not.toMatch(/[\u09E6-\u09EF\u0966-\u096F]/); // no native digits
    }
  });

  it("accept a Date, an ISO string or epoch milliseconds", () => {
    const d = new Date(MORNING);
    expect(formatDateTime(d, "en")).toBe(formatDateTime(MORNING, "en"));
    expect(formatDateTime(d.getTime(), "en")).toBe(formatDateTime(MORNING, "en"));
    expect(formatWhen(MORNING, "timeSeconds", "en")).toMatch(/^10:00:05\s?am$/i);
  });

  it("show a malformed timestamp as it came, not 'Invalid Date'", () => {
    expect(formatDateTime("2025-13-45T99:00", "en")).toBe("2025-13-45T99:00");
    expect(formatDate("", "bn")).toBe("");
  });

  it("follow the current language by default", () => {
    setLanguage("hi", null);
    expect(formatDate(MORNING)).toBe(formatDate(MORNING, "hi"));
    setLanguage("bn", null);
    expect(formatDate(MORNING)).toBe(formatDate(MORNING, "bn"));
  });
});

describe("numbers", () => {
  it("use Indian grouping and Latin digits in every language", () => {
    for (const lang of ["en", "bn", "hi"] as const) {
      expect(formatNumber(1234567, lang), lang).toBe("12,34,567");
      expect(formatNumber(12345678901234567890n, lang), lang).toBe("1,23,45,67,89,01,23,45,67,890");
    }
  });
});
