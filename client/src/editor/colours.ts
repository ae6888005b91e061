/**
 * Delegation colours. The palette is built from the Okabe–Ito and Paul Tol schemes (distinguishable
 * with the common colour-vision deficiencies) and darkened so that every colour reads as text on white
 * (contrast at least 4.5:1, checked by the tests). Colour is never the only cue: every change also
 * carries its delegation's tag and is underlined (insertion) or struck through (deletion).
 *
 * Assignment is a pure function of the delegations in the order they first proposed or commented in
 * the document (markup.ts `delegationsIn`), so every screen showing the same document shows the same
 * colours, and a delegation keeps its colour when another starts proposing after it (MK7).
 */

export interface DelegationColour {
  /** Slot in `PALETTE`, or -1 for the Chair's fixed colour. */
  readonly slot: number;
  /** The colour for text, underlines, strikes and bars. */
  readonly ink: string;
  /** A light background of the same hue, for selections, bars and badges. */
  readonly tint: string;
}

export const PALETTE: readonly DelegationColour[] = [
  { slot: 0, ink: "#0063a0", tint: "#d6eaf7" }, // blue
  { slot: 1, ink: "#a84300", tint: "#fbe3d2" }, // vermillion
  { slot: 2, ink: "#117733", tint: "#d8eedd" }, // green
  { slot: 3, ink: "#aa3377", tint: "#f5dcea" }, // purple
  { slot: 4, ink: "#332288", tint: "#e0ddf2" }, // indigo
  { slot: 5, ink: "#7a5c00", tint: "#f4ecd0" }, // ochre
  { slot: 6, ink: "#00707a", tint: "#d3ecee" }, // teal
  { slot: 7, ink: "#882255", tint: "#f0d9e4" }, // wine
];

/** The Chair's proposals are the Secretariat's: a neutral dark grey, outside the palette. */
export const CHAIR_COLOUR: DelegationColour = { slot: -1, ink: "#3d3d3d", tint: "#e6e6e6" };
export const CHAIR = "CHAIR";

/** 32-bit FNV-1a of a string: a stable preferred slot for a delegation code. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export const preferredSlot = (code: string): number => fnv1a(code) % PALETTE.length;

/** Colours of a set of delegations. Unknown codes get their preferred slot. */
export interface ColourMap {
  of(code: string): DelegationColour;
  readonly codes: readonly string[];
}

/**
 * Assigns colours to `codes` (the delegations present in a document, in the order they first appeared
 * there): each takes its preferred slot, or the next free one, so a delegation that came later never
 * takes the colour of one that came before. With at most `PALETTE.length` delegations (besides the
 * Chair) every delegation has its own colour; beyond that, slots are shared.
 */
export function assignColours(codes: Iterable<string>): ColourMap {
  const unique = [...new Set(codes)].filter((c) => c !== CHAIR);
  const taken = new Set<number>();
  const slots = new Map<string, number>();
  for (const code of unique) {
    let slot = preferredSlot(code);
    if (taken.size < PALETTE.length) {
      while (taken.has(slot)) slot = (slot + 1) % PALETTE.length;
    }
    taken.add(slot);
    slots.set(code, slot);
  }
  return {
    codes: unique,
    of: (code) => code === CHAIR ? CHAIR_COLOUR : PALETTE[slots.get(code) ?? preferredSlot(code)]!,
  };
}

/** WCAG 2 contrast ratio of two "#rrggbb" colours. */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function luminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new RangeError(`colour ${JSON.stringify(hex)} is not #rrggbb`);
  const [r, g, b] = [match[1]!, match[2]!, match[3]!].map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
