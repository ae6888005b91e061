/**
 * Forged edits under random documents: after a seeded session of honest edits by several
 * delegations, every forgery a delegate's client could send (forgeries.ts) is refused by
 * `checkDelegateEdit`, whatever the document looks like by then, and an annotation written in another
 * delegation's name is refused by `checkAnnotationWrite`.
 */
import { describe, expect, it } from "vitest";
import { checkAnnotationWrite, checkDelegateEdit, indexDocument, listChanges } from "@concord/shared";
import { FORGERY_KINDS, forge, forgedAnnotation, type ForgeryKind } from "../helpers/forgeries.js";
import { prng, seeds } from "../helpers/prng.js";
import { ACTORS, runRandomSession } from "../helpers/random-session.js";

const DELEGATIONS = [...new Set(ACTORS.map((a) => a.delegation))];

describe("forged edits are refused, whatever the document", () => {
  for (const seed of seeds(20200916, 30)) {
    it(`[TC15][TC16][TC17][TC18][TC19] seed ${seed}: every forgery of every kind is refused`, () => {
      const { doc } = runRandomSession(seed, 40);
      const rnd = prng(seed ^ 0x5eed);
      const tried = new Map<ForgeryKind, number>(FORGERY_KINDS.map((k) => [k, 0]));
      let annotations = 0;
      for (const actor of ACTORS) {
        const others = DELEGATIONS.filter((d) => d !== actor.delegation);
        for (const kind of FORGERY_KINDS) {
          for (let attempt = 0; attempt < 3; attempt++) {
            const forgery = forge(doc, kind, actor, others, rnd);
            if (!forgery) continue;
            const where = `seed ${seed}, ${actor.delegation}/${actor.author}: ${forgery.name}`;
            expect(() => forgery.after.check(), `${where}: the forgery is schema-valid`).not.toThrow();
            const check = checkDelegateEdit(doc, forgery.after, actor.delegation, { author: actor.author });
            expect(check.ok, where).toBe(false);
            tried.set(kind, tried.get(kind)! + 1);
          }
        }
        const theirs = listChanges(doc).filter((c) => c.delegation !== actor.delegation);
        if (theirs.length === 0) continue;
        const change = rnd.pick(theirs);
        const { key, value } = forgedAnnotation(actor, change.delegation, change.id, rnd);
        expect(checkAnnotationWrite(key, value, actor.delegation, indexDocument(doc)).ok, `seed ${seed}, ${actor.delegation}: ${key} in another's name`).toBe(false);
        annotations++;
      }
      expect(annotations, "annotations forged").toBeGreaterThan(0);
      // the document offered a place for every kind of forgery, so none went untried
      for (const [kind, count] of tried) expect(count, kind).toBeGreaterThanOrEqual(3);
    });
  }
});
