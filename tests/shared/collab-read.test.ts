import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { yXmlFragmentToProseMirrorRootNode } from "y-prosemirror";
import { ContentError, DocumentReader, readDocument, schema, writeDocument, CONTENT_ROOT, sameDocument } from "@concord/shared";
import { attribution, comment, del, doc, ins, p, point } from "../helpers/builders.js";
import { smallText } from "../helpers/fixtures.js";

const US = attribution("USA", "c1");
const CA = attribution("CAN", "c2");

function ydocOf(node = smallText()) {
  const ydoc = new Y.Doc();
  writeDocument(node, ydoc.getXmlFragment(CONTENT_ROOT));
  return ydoc;
}

describe("reading the Yjs content strictly", () => {
  it("reads back what y-prosemirror wrote, marks and block attributes included", () => {
    const tracked = doc(point({ id: "a", insertion: US }, p("States ", del(US, del(CA, "should")), ins(US, "are encouraged to"), " ", comment(CA, "consider"))));
    const ydoc = ydocOf(tracked);
    const read = readDocument(schema, ydoc.getXmlFragment(CONTENT_ROOT));
    expect(sameDocument(read, tracked)).toBe(true);
    expect(sameDocument(read, yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(CONTENT_ROOT), schema))).toBe(true);
  });

  it("reuses untouched top-level blocks after an update", () => {
    const ydoc = ydocOf();
    const reader = new DocumentReader(schema);
    ydoc.on("afterTransaction", (t: Y.Transaction) => reader.invalidate(t));
    const first = reader.read(ydoc.getXmlFragment(CONTENT_ROOT));
    const block = ydoc.getXmlFragment(CONTENT_ROOT).get(1) as Y.XmlElement;
    ((block.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "X");
    const second = reader.read(ydoc.getXmlFragment(CONTENT_ROOT));
    expect(second.child(0)).toBe(first.child(0));
    expect(second.child(2)).toBe(first.child(2));
    expect(second.child(1)).not.toBe(first.child(1));
    expect(second.child(1).textContent.startsWith("XStates")).toBe(true);
  });

  const invalid: Array<[string, (f: Y.XmlFragment) => void, RegExp]> = [
    ["an unknown node type", (f) => f.insert(0, [new Y.XmlElement("script")]), /unknown node type "script"/],
    ["an unknown attribute", (f) => (f.get(0) as Y.XmlElement).setAttribute("onclick", "x"), /unknown attribute "onclick"/],
    ["a malformed attribution", (f) => (f.get(1) as Y.XmlElement).setAttribute("insertion", { id: "x" } as never), /attribution/],
    ["an unknown mark", (f) => (((f.get(1) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText).format(0, 3, { blink: {} }), /unknown mark "blink"/],
    ["a non-canonical mark key", (f) => (((f.get(1) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText).format(0, 3, { "deletion--AAAAAAAA": US }), /does not match/],
    ["text at the top level", (f) => f.insert(0, [new Y.XmlText("loose")]), /top level/],
    ["content the schema forbids", (f) => ((f.get(1) as Y.XmlElement)).insert(0, [new Y.XmlElement("point")]), /Invalid content|point/],
  ];
  for (const [what, corrupt, message] of invalid) {
    it(`refuses ${what}`, () => {
      const ydoc = ydocOf();
      corrupt(ydoc.getXmlFragment(CONTENT_ROOT));
      expect(() => readDocument(schema, ydoc.getXmlFragment(CONTENT_ROOT))).toThrow(ContentError);
      expect(() => readDocument(schema, ydoc.getXmlFragment(CONTENT_ROOT))).toThrow(message);
    });
  }
});
