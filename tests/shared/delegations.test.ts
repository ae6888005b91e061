import { describe, expect, it } from "vitest";
import { DELEGATIONS, compareDelegations, findDelegation, isState, listInEnglish, sortName, type Delegation } from "@concord/shared";

const byKind = (kind: Delegation["kind"]) => DELEGATIONS.filter((d) => d.kind === kind);
const get = (code: string): Delegation => {
  const delegation = findDelegation(code);
  if (!delegation) throw new Error(`no delegation ${code}`);
  return delegation;
};

describe("delegation registry", () => {
  it("has the 193 Member States, the two observer States, the EU, the organizations and the Chair", () => {
    expect(byKind("member-state")).toHaveLength(193);
    expect(byKind("observer-state").map((d) => d.code)).toEqual(["VAT", "PSE"]);
    expect(byKind("regional-organization").map((d) => d.code)).toEqual(["EU"]);
    expect(byKind("intergovernmental-organization").map((d) => d.code)).toEqual(
      expect.arrayContaining(["INTERPOL", "OAS", "OSCE", "WCO", "WASSENAAR", "AU"]));
    expect(byKind("chair").map((d) => d.code)).toEqual(["CHAIR"]);
  });

  it("codes and tags are unique; State codes are ISO 3166-1 alpha-3", () => {
    expect(new Set(DELEGATIONS.map((d) => d.code)).size).toBe(DELEGATIONS.length);
    expect(new Set(DELEGATIONS.map((d) => d.tag)).size).toBe(DELEGATIONS.length);
    expect(new Set(DELEGATIONS.map((d) => sortName(d).toLowerCase())).size).toBe(DELEGATIONS.length);
    for (const d of DELEGATIONS.filter(isState)) expect(d.code, d.name).toMatch(/^[A-Z]{3}$/);
    // Codes must also be valid attribution codes (schema/attribution.ts).
    for (const d of DELEGATIONS) expect(d.code).toMatch(/^[A-Z][A-Z0-9_]{1,31}$/);
  });

  it("writes \"the\" where the UN writes it, and not elsewhere", () => {
    const withThe = ["USA", "NLD", "RUS", "BHS", "GMB", "NER", "SDN", "PHL", "COD", "KOR", "TZA", "GBR", "ARE", "CAF", "COM", "COG", "DOM", "LAO", "MHL", "MDA", "SYR", "PRK"];
    for (const code of withThe) expect(get(code).name, code).toMatch(/^the /);
    const states = byKind("member-state");
    expect(states.filter((d) => d.name.startsWith("the ")).map((d) => d.code).sort()).toEqual([...withThe].sort());
    expect(get("USA").name).toBe("the United States");
    expect(get("NLD").name).toBe("the Kingdom of the Netherlands");
    expect(get("RUS").name).toBe("the Russian Federation");
    expect(get("BOL").name).toBe("Bolivia (Plurinational State of)");
    expect(get("IRN").name).toBe("Iran (Islamic Republic of)");
    expect(get("TUR").name).toBe("Türkiye");
    expect(get("VAT").name).toBe("the Holy See");
    expect(get("PSE").name).toBe("the State of Palestine");
  });

  it("tags are the name without \"the\", except the established US and UK", () => {
    expect(get("USA").tag).toBe("US");
    expect(get("GBR").tag).toBe("UK");
    expect(get("CAN").tag).toBe("Canada");
    expect(get("RUS").tag).toBe("Russian Federation");
    expect(get("NLD").tag).toBe("Netherlands");
    for (const d of byKind("member-state").filter((d) => !["USA", "GBR", "NLD"].includes(d.code))) {
      expect(d.tag).toBe(d.name.replace(/^the /, ""));
    }
  });

  it("orders names in English alphabetical order, ignoring \"the\"", () => {
    const codes = ["USA", "UKR", "TUN", "SAU", "PER", "MAR", "FRA", "CAN"];
    const names = codes.map(get).sort(compareDelegations).map((d) => d.name);
    expect(listInEnglish(names)).toBe("Canada, France, Morocco, Peru, Saudi Arabia, Tunisia, Ukraine and the United States");
    const sorted = (...list: string[]) => list.map(get).sort(compareDelegations).map((d) => d.code);
    expect(sorted("NER", "NGA", "NZL", "NLD", "NIC")).toEqual(["NLD", "NZL", "NIC", "NER", "NGA"]);
    expect(sorted("TUV", "TKM", "TUR")).toEqual(["TUR", "TKM", "TUV"]);
    expect(sorted("CUB", "CIV", "CRI")).toEqual(["CRI", "CIV", "CUB"]);
    expect(sorted("PRK", "DNK", "COD")).toEqual(["PRK", "COD", "DNK"]);
    expect(sorted("GBR", "ARE", "USA", "TZA", "URY")).toEqual(["ARE", "GBR", "TZA", "USA", "URY"]);
  });

  it("lists Member States, then observer States, then organizations, then the Chair", () => {
    const rank = { "member-state": 0, "observer-state": 1, "regional-organization": 2, "intergovernmental-organization": 2, chair: 3 } as const;
    const ranks = DELEGATIONS.map((d) => rank[d.kind]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const states = byKind("member-state").map((d) => d.name);
    expect(states.slice(states.indexOf("Nepal"), states.indexOf("Nepal") + 3)).toEqual(["Nepal", "the Kingdom of the Netherlands", "New Zealand"]);
  });

  it("joins lists with \"and\" before the last item and no serial comma", () => {
    expect(listInEnglish([])).toBe("");
    expect(listInEnglish(["Canada"])).toBe("Canada");
    expect(listInEnglish(["Canada", "the United States"])).toBe("Canada and the United States");
    expect(listInEnglish(["Canada", "France", "the United States"])).toBe("Canada, France and the United States");
  });
});
