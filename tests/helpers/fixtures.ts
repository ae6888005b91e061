import type { Node } from "prosemirror-model";
import { schema } from "@concord/shared";
import { doc, h1, li, p, point, ul } from "./builders.js";

/** A small negotiated text: a heading, three points (one with a list) and a closing heading. */
export function smallText(): Node {
  return doc(
    h1("General discussion points"),
    point({ id: "dp1" }, p("States should consider becoming party to the Firearms Protocol.")),
    point({ id: "dp2" }, p("Member States are encouraged to foster synergies."), p("They should also convene expert meetings.")),
    point({ id: "dp3" }, p("States should identify difficulties in order to:"), ul(li(p("acquire access to tools;")), li(p("mark all firearms at import.")))),
    h1("Agenda item 2"),
    point({ id: "dp4" }, p("States should develop strategies to detect ammunition trafficking.")),
  );
}

const SENTENCES = [
  "States should consider revising the marking provisions under the Firearms Protocol to extend the requirements for marking at time of manufacture and at import also to their essential components.",
  "With a view to preventing and combating the trafficking in firearms and their parts and components via postal and courier services, States should establish permanent communication channels with relevant service providers.",
  "In order to improve the collection of firearms evidence and to bring perpetrators to justice, States shall develop and adopt systematic recovery protocols to be applied following the recovery of each firearm.",
  "States should increase the capacities and resources of criminal justice teams and units dealing with cybercrime in combating the illicit trafficking in firearms, their parts and components and ammunition via the Internet.",
];

/**
 * A negotiated text of `points` discussion points under agenda headings (two paragraphs each, about the
 * size of the 2020 note), optionally carrying `changes` tracked changes spread over `delegations`
 * delegations: deletions, insertions and replacements on word boundaries. Deterministic for a seed.
 */
export function largeText(points = 45, changes = 0, delegations = 10, seed = 45): Node {
  const codes = ["USA", "CAN", "FRA", "MAR", "PER", "SAU", "TUN", "UKR", "GBR", "NLD", "RUS", "EU"].slice(0, delegations);
  let state = seed >>> 0;
  const rand = (n: number) => { state = (state * 1664525 + 1013904223) >>> 0; return state % n; };
  const blocks: Node[] = [];
  const perPoint = Math.ceil(changes / points);
  let made = 0;
  for (let i = 0; i < points; i++) {
    if (i % 9 === 0) blocks.push(schema.node("heading", { level: 2 }, [schema.text(`Discussion points on topic ${i / 9 + 1}`)]));
    const paras: Node[] = [];
    for (let k = 0; k < 2; k++) {
      const words = SENTENCES[(i + k) % SENTENCES.length]!.split(" ");
      const parts: Node[] = [];
      let w = 0;
      while (w < words.length) {
        const chunk = words.slice(w, w + 3).join(" ") + (w + 3 < words.length ? " " : "");
        w += 3;
        if (made < changes && parts.length > 0 && rand(Math.max(1, Math.floor(words.length / 3 / Math.max(1, perPoint / 2)))) === 0) {
          const delegation = codes[rand(codes.length)]!;
          const attribution = { id: `g${made}`, delegation, author: `${delegation.toLowerCase()}-1`, createdAt: "2020-09-10T10:00:00.000Z" };
          const kind = rand(3);
          if (kind !== 1) parts.push(schema.text(chunk, [schema.marks.deletion!.create(attribution)]));
          else parts.push(schema.text(chunk));
          if (kind !== 0) parts.push(schema.text("proposed words ", [schema.marks.insertion!.create(attribution)]));
          made++;
        } else {
          parts.push(schema.text(chunk));
        }
      }
      paras.push(schema.node("paragraph", null, parts));
    }
    blocks.push(schema.node("point", { id: `dp${i + 1}` }, paras));
  }
  return schema.node("doc", null, blocks);
}
