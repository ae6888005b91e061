/**
 * The UN's typography for the Secretariat's own words in a note (NT32): an en dash between the
 * numbers of a range ("1-4" → "1–4", "16-17 July" → "16–17 July") and the typographic apostrophe
 * ("Côte d'Ivoire" → "Côte d’Ivoire", "Chair's" → "Chair’s"). The negotiated text and what
 * delegations wrote are reproduced as they are, never through this.
 */

/** Digits, a hyphen, digits, not inside a longer figure such as "2020-10-09". */
const RANGE = /(?<![\d.\-/])(\d{1,4})\s?-\s?(\d{1,4})(?![\d\-/]|\.\d)/g;
/** A straight apostrophe between letters. */
const APOSTROPHE = /(?<=\p{L})'(?=\p{L})/gu;

/** `text` with en dashes in number ranges and typographic apostrophes. */
export function unTypography(text: string): string {
  return text.replace(RANGE, "$1–$2").replace(APOSTROPHE, "’");
}
