/**
 * Engine benchmark: the per-update cost of the rule the server enforces (`checkDelegateEdit`) and of
 * tracking a keystroke, on a 45-point document carrying 500 changes by 10 delegations. The baseline
 * is the same rule computed naively over the whole document (no changed-window), side by side.
 */
import { EditorState, NodeSelection, TextSelection, type Transaction } from "prosemirror-state";
import { deleteSelection } from "prosemirror-commands";
import { checkDelegateEdit, sameDocument, schema, trackTransaction, withoutDelegation, type Actor } from "@concord/shared";
import type { Node } from "prosemirror-model";
import { largeText } from "../helpers/fixtures.js";
import { measure, ms, printTable, ratio, type Row } from "./measure.js";

const US: Actor = { delegation: "USA", author: "usa-1" };

function naiveCheck(before: Node, after: Node, delegation: string): boolean {
  return sameDocument(withoutDelegation(before, delegation), withoutDelegation(after, delegation));
}

function positionIn(doc: Node, pointIndex: number): number {
  let found = -1;
  let seen = 0;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.type.name === "point" && seen++ === pointIndex) { found = pos + 3; return false; }
    return true;
  });
  return found;
}

export async function runEngineBench(): Promise<Row[]> {
  const doc = largeText(45, 500, 10);
  let counter = 0;
  const env = { now: () => new Date("2020-09-12T10:00:00.000Z"), newId: () => `b${++counter}` };
  const at = positionIn(doc, 22);
  const state = EditorState.create({ schema, doc, selection: TextSelection.create(doc, at) });

  const typed = trackTransaction(state, state.tr.insertText("x"), US, env);
  const afterTyping = state.apply(typed).doc;
  const pointPos = at - 2;
  const nodeSel = state.apply(state.tr.setSelection(NodeSelection.create(doc, pointPos)));
  let deleteTr = null as Transaction | null;
  deleteSelection(nodeSel, (tr) => { deleteTr = tr; });
  const afterPointDeletion = nodeSel.apply(trackTransaction(nodeSel, deleteTr!, US, env)).doc;

  const rows: Row[] = [];
  const keystroke = measure(() => trackTransaction(state, state.tr.insertText("x"), US, env), 400);
  rows.push({ measure: "trackTransaction, one keystroke (median)", concord: ms(keystroke.median), baseline: "–", ratio: "–", note: `p95 ${ms(keystroke.p95)}` });
  for (const [label, after] of [["one word typed", afterTyping], ["a whole point deleted", afterPointDeletion]] as const) {
    const ours = measure(() => checkDelegateEdit(doc, after, "USA"), 400);
    const naive = measure(() => naiveCheck(doc, after, "USA"), 100, 10);
    rows.push({ measure: `checkDelegateEdit, ${label} (median)`, concord: ms(ours.median), baseline: ms(naive.median), ratio: ratio(ours.median, naive.median), note: `p95 ${ms(ours.p95)} vs ${ms(naive.p95)}; baseline = whole-document projection` });
  }
  printTable("Engine: 45-point document, 500 changes by 10 delegations", rows);
  return rows;
}
