/**
 * The delegations that may take part in a negotiation: UN Member States, observer States, the
 * European Union, intergovernmental organizations, and the Chair (the Secretariat proposing in the
 * Chair's name).
 *
 * Names are the UN short names as written in running text, with "the" where the UN writes it.
 * Source: UNTERM (https://unterm.un.org), "country short names", and the list of Member States at
 * https://www.un.org/en/about-us/member-states, as of 2024. Current practice since the renamings of
 * 2022–2023: "Türkiye" (was "Turkey") and "Netherlands (Kingdom of the)" in lists (was "Netherlands
 * (the)"), written "the Kingdom of the Netherlands" in running text and alphabetized under N (ISO
 * 3166 made the same change to NLD in 2023). Earlier renamings: "Czechia" (2016), "Eswatini" (2018),
 * "North Macedonia" (2019). Running text uses "the United States" and "the United Kingdom of Great
 * Britain and Northern Ireland"; compilations tag them "US" and "UK", as the Secretariat's notes do.
 *
 * UNODC is not listed: it is the secretariat of the Conference and its Working Groups; it compiles the
 * comments rather than proposing text, and proposals made on the Chair's behalf are the CHAIR's.
 */
export type DelegationKind = "member-state" | "observer-state" | "regional-organization" | "intergovernmental-organization" | "chair";

export interface Delegation {
  /** Stable code: ISO 3166-1 alpha-3 for States ("USA"), an acronym otherwise ("EU", "INTERPOL", "CHAIR"). */
  readonly code: string;
  /** The UN short name as used in running text, with "the" where the UN writes it: "the United States". */
  readonly name: string;
  /** The tag used in compilations after a proposal: "US", "Canada". */
  readonly tag: string;
  /**
   * Member States and observer States are States; the European Union is the "regional economic
   * integration organization" party to the Convention (a "regional-organization"); every other
   * organization is an "intergovernmental-organization", as in the attendance lists of the UNTOC bodies.
   */
  readonly kind: DelegationKind;
  /** The key under which the name is alphabetized, when it is not the name without "the". */
  readonly sortAs?: string;
}

const state = (code: string, name: string, tag?: string, sortAs?: string): Delegation => ({
  code, name, kind: "member-state", tag: tag ?? name.replace(/^the /, ""), ...(sortAs ? { sortAs } : {}),
});
const organization = (code: string, name: string, tag: string, kind: DelegationKind = "intergovernmental-organization"): Delegation =>
  ({ code, name, tag, kind });

/** The 193 Member States of the United Nations, in the UN's alphabetical order. */
const MEMBER_STATES: readonly Delegation[] = [
  state("AFG", "Afghanistan"),
  state("ALB", "Albania"),
  state("DZA", "Algeria"),
  state("AND", "Andorra"),
  state("AGO", "Angola"),
  state("ATG", "Antigua and Barbuda"),
  state("ARG", "Argentina"),
  state("ARM", "Armenia"),
  state("AUS", "Australia"),
  state("AUT", "Austria"),
  state("AZE", "Azerbaijan"),
  state("BHS", "the Bahamas"),
  state("BHR", "Bahrain"),
  state("BGD", "Bangladesh"),
  state("BRB", "Barbados"),
  state("BLR", "Belarus"),
  state("BEL", "Belgium"),
  state("BLZ", "Belize"),
  state("BEN", "Benin"),
  state("BTN", "Bhutan"),
  state("BOL", "Bolivia (Plurinational State of)"),
  state("BIH", "Bosnia and Herzegovina"),
  state("BWA", "Botswana"),
  state("BRA", "Brazil"),
  state("BRN", "Brunei Darussalam"),
  state("BGR", "Bulgaria"),
  state("BFA", "Burkina Faso"),
  state("BDI", "Burundi"),
  state("CPV", "Cabo Verde"),
  state("KHM", "Cambodia"),
  state("CMR", "Cameroon"),
  state("CAN", "Canada"),
  state("CAF", "the Central African Republic"),
  state("TCD", "Chad"),
  state("CHL", "Chile"),
  state("CHN", "China"),
  state("COL", "Colombia"),
  state("COM", "the Comoros"),
  state("COG", "the Congo"),
  state("CRI", "Costa Rica"),
  state("CIV", "Côte d'Ivoire"),
  state("HRV", "Croatia"),
  state("CUB", "Cuba"),
  state("CYP", "Cyprus"),
  state("CZE", "Czechia"),
  state("PRK", "the Democratic People's Republic of Korea"),
  state("COD", "the Democratic Republic of the Congo"),
  state("DNK", "Denmark"),
  state("DJI", "Djibouti"),
  state("DMA", "Dominica"),
  state("DOM", "the Dominican Republic"),
  state("ECU", "Ecuador"),
  state("EGY", "Egypt"),
  state("SLV", "El Salvador"),
  state("GNQ", "Equatorial Guinea"),
  state("ERI", "Eritrea"),
  state("EST", "Estonia"),
  state("SWZ", "Eswatini"),
  state("ETH", "Ethiopia"),
  state("FJI", "Fiji"),
  state("FIN", "Finland"),
  state("FRA", "France"),
  state("GAB", "Gabon"),
  state("GMB", "the Gambia"),
  state("GEO", "Georgia"),
  state("DEU", "Germany"),
  state("GHA", "Ghana"),
  state("GRC", "Greece"),
  state("GRD", "Grenada"),
  state("GTM", "Guatemala"),
  state("GIN", "Guinea"),
  state("GNB", "Guinea-Bissau"),
  state("GUY", "Guyana"),
  state("HTI", "Haiti"),
  state("HND", "Honduras"),
  state("HUN", "Hungary"),
  state("ISL", "Iceland"),
  state("IND", "India"),
  state("IDN", "Indonesia"),
  state("IRN", "Iran (Islamic Republic of)"),
  state("IRQ", "Iraq"),
  state("IRL", "Ireland"),
  state("ISR", "Israel"),
  state("ITA", "Italy"),
  state("JAM", "Jamaica"),
  state("JPN", "Japan"),
  state("JOR", "Jordan"),
  state("KAZ", "Kazakhstan"),
  state("KEN", "Kenya"),
  state("KIR", "Kiribati"),
  state("KWT", "Kuwait"),
  state("KGZ", "Kyrgyzstan"),
  state("LAO", "the Lao People's Democratic Republic"),
  state("LVA", "Latvia"),
  state("LBN", "Lebanon"),
  state("LSO", "Lesotho"),
  state("LBR", "Liberia"),
  state("LBY", "Libya"),
  state("LIE", "Liechtenstein"),
  state("LTU", "Lithuania"),
  state("LUX", "Luxembourg"),
  state("MDG", "Madagascar"),
  state("MWI", "Malawi"),
  state("MYS", "Malaysia"),
  state("MDV", "Maldives"),
  state("MLI", "Mali"),
  state("MLT", "Malta"),
  state("MHL", "the Marshall Islands"),
  state("MRT", "Mauritania"),
  state("MUS", "Mauritius"),
  state("MEX", "Mexico"),
  state("FSM", "Micronesia (Federated States of)"),
  state("MCO", "Monaco"),
  state("MNG", "Mongolia"),
  state("MNE", "Montenegro"),
  state("MAR", "Morocco"),
  state("MOZ", "Mozambique"),
  state("MMR", "Myanmar"),
  state("NAM", "Namibia"),
  state("NRU", "Nauru"),
  state("NPL", "Nepal"),
  state("NLD", "the Kingdom of the Netherlands", "Netherlands", "Netherlands (Kingdom of the)"),
  state("NZL", "New Zealand"),
  state("NIC", "Nicaragua"),
  state("NER", "the Niger"),
  state("NGA", "Nigeria"),
  state("MKD", "North Macedonia"),
  state("NOR", "Norway"),
  state("OMN", "Oman"),
  state("PAK", "Pakistan"),
  state("PLW", "Palau"),
  state("PAN", "Panama"),
  state("PNG", "Papua New Guinea"),
  state("PRY", "Paraguay"),
  state("PER", "Peru"),
  state("PHL", "the Philippines"),
  state("POL", "Poland"),
  state("PRT", "Portugal"),
  state("QAT", "Qatar"),
  state("KOR", "the Republic of Korea"),
  state("MDA", "the Republic of Moldova"),
  state("ROU", "Romania"),
  state("RUS", "the Russian Federation"),
  state("RWA", "Rwanda"),
  state("KNA", "Saint Kitts and Nevis"),
  state("LCA", "Saint Lucia"),
  state("VCT", "Saint Vincent and the Grenadines"),
  state("WSM", "Samoa"),
  state("SMR", "San Marino"),
  state("STP", "Sao Tome and Principe"),
  state("SAU", "Saudi Arabia"),
  state("SEN", "Senegal"),
  state("SRB", "Serbia"),
  state("SYC", "Seychelles"),
  state("SLE", "Sierra Leone"),
  state("SGP", "Singapore"),
  state("SVK", "Slovakia"),
  state("SVN", "Slovenia"),
  state("SLB", "Solomon Islands"),
  state("SOM", "Somalia"),
  state("ZAF", "South Africa"),
  state("SSD", "South Sudan"),
  state("ESP", "Spain"),
  state("LKA", "Sri Lanka"),
  state("SDN", "the Sudan"),
  state("SUR", "Suriname"),
  state("SWE", "Sweden"),
  state("CHE", "Switzerland"),
  state("SYR", "the Syrian Arab Republic"),
  state("TJK", "Tajikistan"),
  state("THA", "Thailand"),
  state("TLS", "Timor-Leste"),
  state("TGO", "Togo"),
  state("TON", "Tonga"),
  state("TTO", "Trinidad and Tobago"),
  state("TUN", "Tunisia"),
  state("TUR", "Türkiye"),
  state("TKM", "Turkmenistan"),
  state("TUV", "Tuvalu"),
  state("UGA", "Uganda"),
  state("UKR", "Ukraine"),
  state("ARE", "the United Arab Emirates"),
  state("GBR", "the United Kingdom of Great Britain and Northern Ireland", "UK"),
  state("TZA", "the United Republic of Tanzania"),
  state("USA", "the United States", "US"),
  state("URY", "Uruguay"),
  state("UZB", "Uzbekistan"),
  state("VUT", "Vanuatu"),
  state("VEN", "Venezuela (Bolivarian Republic of)"),
  state("VNM", "Viet Nam"),
  state("YEM", "Yemen"),
  state("ZMB", "Zambia"),
  state("ZWE", "Zimbabwe"),
];

/** The non-member States with permanent observer status in the General Assembly. */
const OBSERVER_STATES: readonly Delegation[] = [
  { code: "VAT", name: "the Holy See", tag: "Holy See", kind: "observer-state" },
  { code: "PSE", name: "the State of Palestine", tag: "State of Palestine", kind: "observer-state" },
];

/**
 * The European Union, and the intergovernmental organizations that take part in the firearms and
 * organized-crime processes (as observers: they may comment, as the Chair's summary of 2020 shows
 * for the Organization of American States and INTERPOL).
 */
const ORGANIZATIONS: readonly Delegation[] = [
  organization("EU", "the European Union", "EU", "regional-organization"),
  organization("AU", "the African Union", "African Union"),
  organization("CARICOM", "the Caribbean Community", "CARICOM"),
  organization("ECOWAS", "the Economic Community of West African States", "ECOWAS"),
  organization("INTERPOL", "the International Criminal Police Organization", "INTERPOL"),
  organization("LAS", "the League of Arab States", "League of Arab States"),
  organization("OAS", "the Organization of American States", "OAS"),
  organization("OSCE", "the Organization for Security and Co-operation in Europe", "OSCE"),
  organization("RECSA", "the Regional Centre on Small Arms in the Great Lakes Region, the Horn of Africa and Bordering States", "RECSA"),
  organization("WASSENAAR", "the Wassenaar Arrangement", "Wassenaar Arrangement"),
  organization("WCO", "the World Customs Organization", "WCO"),
];

const CHAIR: Delegation = { code: "CHAIR", name: "the Chair", tag: "Chair", kind: "chair" };

/** The name without a leading "the", by which names are sorted (or the explicit sort key). */
export const sortName = (delegation: Delegation): string => delegation.sortAs ?? delegation.name.replace(/^the /, "");

/** English alphabetical order of UN short names, ignoring a leading "the". */
export function compareDelegations(a: Delegation, b: Delegation): number {
  return sortName(a).localeCompare(sortName(b), "en", { sensitivity: "base" }) || a.code.localeCompare(b.code);
}

/**
 * The registry: Member States, then observer States, then organizations, then the Chair; each group
 * in English alphabetical order of names.
 */
export const DELEGATIONS: readonly Delegation[] = [
  ...[...MEMBER_STATES].sort(compareDelegations),
  ...OBSERVER_STATES,
  ...[...ORGANIZATIONS].sort(compareDelegations),
  CHAIR,
];

const byCode = new Map(DELEGATIONS.map((delegation) => [delegation.code, delegation]));

export function findDelegation(code: string): Delegation | undefined {
  return byCode.get(code);
}

/** Whether the delegation is a State (a Member State or an observer State). */
export const isState = (delegation: Delegation): boolean => delegation.kind === "member-state" || delegation.kind === "observer-state";

/** "Canada, France and the United States": commas, "and" before the last, no serial comma. */
export function listInEnglish(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
