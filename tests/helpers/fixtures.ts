import type { Node } from "prosemirror-model";
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
