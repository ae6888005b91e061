/** The document page's pure parts (client/SPEC.md CN11, CP9, CP11, RD12). */
import { describe, expect, it } from "vitest";
import { initialConnection, type ConnectionState } from "../../client/src/collab/connection.js";
import { delegationNames } from "../../client/src/editor/labels.js";
import { buildMarkup } from "../../client/src/editor/markup.js";
import { UNKNOWN_AUTHOR, authorNamer, unansweredAuthors } from "../../client/src/views/workspace/author-names.js";
import { connectionMessage, modeNote, refusalOutlived } from "../../client/src/views/workspace/doc-status.js";
import { cardOf } from "../../client/src/views/workspace/use-card.js";
import { attribution, doc, ins, p, point } from "../helpers/builders.js";

const connected: ConnectionState = { ...initialConnection, status: "connected", message: "Connected: changes are shared as you type." };

describe("the document page", () => {
  it("[CN11] who cannot change the text is never told that their changes are shared", () => {
    expect(connectionMessage(connected, false)).toBe("Connected: changes are shared as you type.");
    const readOnly = connectionMessage({ ...connected, readOnly: true }, true);
    expect(readOnly).toBe("Connected: read only — you see every change as it is made.");
    expect(readOnly).not.toMatch(/shared as you type/);
    // refused, with the server's reason: said once that it is read only
    const refused: ConnectionState = { ...initialConnection, status: "refused", readOnly: true, message: "The round closed. Your unsent edits were set aside." };
    expect(connectionMessage(refused, true)).toBe("The round closed. Your unsent edits were set aside. Read only.");
    expect(connectionMessage({ ...refused, message: "Read only: the server no longer accepts changes." }, true)).toBe("Read only: the server no longer accepts changes.");
    expect(modeNote({ kind: "delegate", delegation: "USA", author: "u" }, false, delegationNames())).toBe("Your edits are proposals of the United States (US).");
  });

  it("[RD12] a read-only state a round's refusal left behind ends when another round governs the text", () => {
    const late = { readOnly: true, code: 4423 };
    expect(refusalOutlived(late, "round-1", "round-1")).toBe(false);
    expect(refusalOutlived(late, "round-1", "round-2")).toBe(true);
    expect(refusalOutlived({ readOnly: true, code: 4403 }, "round-1", "round-2")).toBe(true);
    // other refusals, or no refusal, are the server's word until it says otherwise
    expect(refusalOutlived({ readOnly: true, code: 4401 }, "round-1", "round-2")).toBe(false);
    expect(refusalOutlived({ readOnly: false, code: 4423 }, "round-1", "round-2")).toBe(false);
  });

  it("[CP9] authors are named by the first source that knows them — never by their account id", () => {
    const name = authorNamer([
      [["me", "Ann Smith"]],
      [["5714f92a-1", "Luc Roy"], ["me", "someone else"]],
      [["offline-1", "Carla Martin"], ["gone", null]],
    ]);
    expect(name("me")).toBe("Ann Smith");
    expect(name("5714f92a-1")).toBe("Luc Roy");
    expect(name("offline-1")).toBe("Carla Martin");
    expect(name("gone")).toBe(UNKNOWN_AUTHOR);
    expect(name("never-seen")).toBe(UNKNOWN_AUTHOR);
    expect(unansweredAuthors([{ author: "a" }, { author: "b" }, { author: "a" }], new Map([["b", {}]]))).toEqual(["a"]);
  });

  it("[CP11] the card shows what the mouse is over, else what an idle text cursor is in; nothing outside the markup view", () => {
    const us = attribution("USA", "u1");
    const d = doc(point({ id: "a" }, p("States ", ins(us, "should"), " act.")));
    const markup = buildMarkup(d, new Map(), delegationNames());
    const anchor = { left: 1, top: 2, bottom: 3 };
    expect(cardOf(markup, { id: "u1", anchor }, null, true).changes.map((c) => c.id)).toEqual(["u1"]);
    expect(cardOf(markup, { id: "u1", anchor }, null, false).changes).toEqual([]);
    // a hovered id that no longer exists (accepted meanwhile) falls back to the cursor
    const caret = { doc: d, markup, head: 10, empty: true, focused: true, typing: false, caret: anchor };
    expect(cardOf(markup, { id: "gone", anchor }, caret, true).changes.map((c) => c.id)).toEqual(["u1"]);
    expect(cardOf(markup, null, { ...caret, typing: true }, true).changes).toEqual([]);
  });
});
