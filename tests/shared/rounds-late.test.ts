/**
 * What a late submission of general comments adds to the on-time ones (shared/src/rounds/SPEC.md SP7,
 * `lateCommentsDelta`): text sent on time and sent again late is not shown as late.
 */
import { describe, expect, it } from "vitest";
import { lateCommentsDelta, type CommentsNodeJSON } from "@concord/shared";

const para = (text: string): CommentsNodeJSON => ({ type: "paragraph", content: [{ type: "text", text }] });
const item = (text: string): CommentsNodeJSON => ({ type: "list_item", content: [para(text)] });
const doc = (...content: CommentsNodeJSON[]): CommentsNodeJSON => ({ type: "doc", content });

describe("late general comments beside the on-time ones", () => {
  it("[SP7] only paragraphs and list items not sent on time are late; lists stay lists, in order", () => {
    const onTime = doc(para("Canada thanks the Chair."), { type: "bullet_list", content: [item("Point 2 is welcome."), item("Point 3 duplicates point 6.")] });
    const late = doc(
      para("Canada thanks the Chair."),
      para("Canada also proposes a review in 2022."),
      { type: "bullet_list", content: [item("Point 2 is welcome."), item("Point 3 duplicates point 6 and 7."), item("Point 9 needs a date.")] },
    );
    expect(lateCommentsDelta(late, onTime)).toEqual({
      added: doc(para("Canada also proposes a review in 2022."), { type: "bullet_list", content: [item("Point 3 duplicates point 6 and 7."), item("Point 9 needs a date.")] }),
      unchanged: 2,
    });
  });

  it("[SP7] the same text again adds nothing; with nothing on time everything is late; a repeated paragraph counts once per copy", () => {
    const onTime = doc(para("Canada thanks the Chair."));
    expect(lateCommentsDelta(onTime, onTime)).toEqual({ added: null, unchanged: 1 });
    expect(lateCommentsDelta(onTime, null)).toEqual({ added: onTime, unchanged: 0 });
    const twice = doc(para("Canada thanks the Chair."), para("Canada thanks the Chair."));
    expect(lateCommentsDelta(twice, onTime)).toEqual({ added: onTime, unchanged: 1 });
    // emphasis is part of the words: a paragraph made bold is changed
    const bold = doc({ type: "paragraph", content: [{ type: "text", text: "Canada thanks the Chair.", marks: [{ type: "strong" }] }] });
    expect(lateCommentsDelta(bold, onTime).added).toEqual(bold);
  });
});
