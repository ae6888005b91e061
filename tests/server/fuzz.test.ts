/**
 * A seeded fuzz run over real WebSockets (server/SECURITY.md SEC3, SEC10): 10,000 random and mutated
 * messages — sync updates, sync step 1, awareness, unknown message types, random bytes — from several
 * hostile connections, while three honest clients keep editing. Afterwards the server still serves,
 * the honest clients converge with the server, and the store holds exactly what they show.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import { TextSelection } from "prosemirror-state";
import { CONTENT_ROOT, readDocument, sameDocument, schema } from "@concord/shared";
import { encodeAwarenessMessage, encodeSyncStep1, encodeSyncUpdate, type HeadlessClient } from "@concord/server";
import { smallText } from "../helpers/fixtures.js";
import { prng, type Prng } from "../helpers/prng.js";
import { mutate } from "../helpers/fuzz.js";
import { RawClient } from "../helpers/raw-ws.js";
import { eventually, startTestServer, type TestServer } from "../helpers/server.js";

const MESSAGES = 10_000;
const HOSTILE_CONNECTIONS = 8;

function hostileMessage(rnd: Prng, honestUpdates: readonly Uint8Array[]): Uint8Array {
  const kind = rnd.int(10);
  if (kind < 6) return encodeSyncUpdate(mutate(rnd, honestUpdates).bytes);
  if (kind < 7) return encodeSyncStep1(mutate(rnd, []).bytes);
  if (kind < 8) return encodeAwarenessMessage(mutate(rnd, []).bytes);
  if (kind < 9) return encoding.encode((e) => { encoding.writeVarUint(e, rnd.int(300)); encoding.writeVarUint8Array(e, mutate(rnd, honestUpdates).bytes); });
  return Uint8Array.from({ length: rnd.int(40) }, () => rnd.int(256));
}

function honestEdit(client: HeadlessClient, rnd: Prng): void {
  client.transact((state) => {
    const blocks: number[] = [];
    state.doc.descendants((node, pos) => {
      if (node.isTextblock) blocks.push(pos + 1 + rnd.int(node.content.size + 1));
      return !node.isTextblock;
    });
    const at = rnd.pick(blocks);
    const sel = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)));
    return { state: sel, tr: sel.tr.insertText(rnd.pick(["a", " and ", "x"])) };
  });
}

describe("fuzzing the server over WebSockets", () => {
  let t: TestServer;
  beforeAll(async () => {
    // the refusal back-off (CS6) is raised so that the fuzzing accounts are not locked out
    t = await startTestServer({ rooms: { refusals: { max: 1_000_000, windowMs: 60_000 } } });
    await t.user("usa", "delegate", "USA");
    await t.user("can", "delegate", "CAN");
    await t.user("sec", "secretariat");
    for (let i = 0; i < HOSTILE_CONNECTIONS; i++) await t.user(`fuzz-${i}`, i % 3 === 0 ? "observer" : "delegate", i % 3 === 0 ? undefined : i % 3 === 1 ? "USA" : "FRA");
  });
  afterAll(() => t.stop());

  it(`[SEC3][SEC10] ${MESSAGES} random and mutated messages: the server stays up and honest clients converge (seed 77)`, async () => {
    const rnd = prng(77);
    const id = await t.document(smallText());
    const honest = [await t.open("usa", id), await t.open("can", id), await t.open("sec", id)];
    // the updates honest clients send are the material the mutations start from
    const honestUpdates: Uint8Array[] = [];
    for (const client of honest) client.ydoc.on("update", (update: Uint8Array, origin: unknown) => { if (origin !== client.provider) honestUpdates.push(update); });
    const cookies = await Promise.all(Array.from({ length: HOSTILE_CONNECTIONS }, (_, i) => t.session(`fuzz-${i}`).then((s) => s.cookie)));
    let sent = 0;
    let connections = 0;
    const closes = new Map<number, number>();
    async function hostile(index: number): Promise<void> {
      while (sent < MESSAGES) {
        const raw = await RawClient.connect(t.url, id, { cookie: cookies[index] });
        connections++;
        let open = true;
        void raw.closed.then((c) => { open = false; closes.set(c.code, (closes.get(c.code) ?? 0) + 1); });
        while (open && sent < MESSAGES) {
          raw.send(hostileMessage(rnd, honestUpdates));
          sent++;
          if (sent % 250 === 0) honestEdit(rnd.pick(honest), rnd);
          await new Promise((r) => setImmediate(r));
        }
        raw.close();
        await raw.closed;
      }
    }
    await Promise.all(Array.from({ length: HOSTILE_CONNECTIONS }, (_, i) => hostile(i)));
    expect(sent).toBeGreaterThanOrEqual(MESSAGES);
    // the server is up and serves: health, a new client, an edit that reaches everyone
    const health = await fetch(new URL("/api/health", t.url));
    expect(health.status).toBe(200);
    const late = await t.open("usa", id);
    honestEdit(honest[1]!, rnd);
    // every honest client converges with the server, and the store holds what they show
    await eventually("honest clients to converge with the server", async () => {
      const server = (await honest[0]!.serverCopy()).doc;
      return [...honest, late].every((c) => sameDocument(c.doc, server));
    }, 20_000);
    const state = await t.store.loadState(id);
    const stored = new Y.Doc({ gc: false });
    if (state.snapshot) Y.applyUpdate(stored, state.snapshot.state);
    for (const u of state.updates) Y.applyUpdate(stored, u.update);
    expect(sameDocument(readDocument(schema, stored.getXmlFragment(CONTENT_ROOT)), honest[0]!.doc)).toBe(true);
    expect(honest.every((c) => c.refusals.length === 0)).toBe(true);
    console.log(`fuzz: ${sent} messages over ${connections} connections; closes by code: ${JSON.stringify(Object.fromEntries(closes))}`);
    late.destroy();
  }, 240_000);
});
