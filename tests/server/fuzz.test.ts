/**
 * A seeded fuzz run over real WebSockets (server/SECURITY.md SEC3, SEC10): at least 10,000 random and
 * mutated messages — sync updates (V1 and V2-encoded, as they are and mutated), sync step 1, awareness,
 * unknown message types, random bytes — from several hostile connections, while three honest clients
 * keep editing. Afterwards the server still serves, the honest clients converge with the server, and
 * the store holds exactly what they show.
 *
 * Only messages the server judged are counted. Each hostile connection has one message in flight at a
 * time: it sends the message, then a probe (a sync step 1 with an empty state vector, which the server
 * always answers with a sync step 2 and never refuses), and counts the message once the server has
 * shown that it dealt with it:
 *   - the probe was answered: the server read the message and went on (for an update, the test also
 *     waits for the room's queue to drain and probes again, so the gate has given its verdict);
 *   - or the server closed the connection with a refusal notice (the probe cannot cause one).
 * A message sent to a connection the server had already closed is never counted. The refusals the room
 * records in the audit log (every one, CS8 included) are checked against the refusals seen on the wire.
 *
 * Each hostile connection draws from its own PRNG derived from the seed (SEED=n reruns seed n), and the
 * honest updates the mutations start from are made before the hostile phase, one at a time, so a
 * connection's message sequence repeats from the seed (up to the client ids and dates inside them).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import { TextSelection } from "prosemirror-state";
import { CONTENT_ROOT, readDocument, sameDocument, schema } from "@concord/shared";
import {
  decodeClientMessage, decodeNotice, encodeAwarenessMessage, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate,
  type HeadlessClient, type Notice,
} from "@concord/server";
import { smallText } from "../helpers/fixtures.js";
import { prng, seeds, type Prng } from "../helpers/prng.js";
import { mutate, mutateV2, streamSeed } from "../helpers/fuzz.js";
import { RawClient, type Closed } from "../helpers/raw-ws.js";
import { eventually, startTestServer, type TestServer } from "../helpers/server.js";

const MESSAGES = 10_000;
const HOSTILE_CONNECTIONS = 8;
const SEED = seeds(77, 1)[0]!;
/** Honest edits made before the hostile phase; their updates are what the mutations start from. */
const WARM_UP_EDITS = 12;
/** A sync step 1 with an empty state vector: always answered with a sync step 2, never refused. */
const PROBE = encodeSyncStep1(Y.encodeStateVector(new Y.Doc()));
const REFUSAL_CODES = new Set([4400, 4403, 4409, 4413]);
/** How long the server may take to show it dealt with one message before the test fails. */
const ANSWER_MS = 15_000;

interface Material { readonly v1: readonly Uint8Array[]; readonly v2: readonly Uint8Array[] }
interface Hostile { readonly label: string; readonly bytes: Uint8Array }

function hostileMessage(rnd: Prng, material: Material): Hostile {
  const kind = rnd.int(12);
  if (kind < 6) {
    const m = mutate(rnd, material.v1);
    return rnd.chance(0.2) ? { label: `step2/${m.kind}`, bytes: encodeSyncStep2(m.bytes) } : { label: `update/${m.kind}`, bytes: encodeSyncUpdate(m.bytes) };
  }
  if (kind < 8) {
    const m = mutateV2(rnd, material.v2);
    return { label: `update/${m.kind}`, bytes: encodeSyncUpdate(m.bytes) };
  }
  if (kind < 9) return { label: "step1", bytes: encodeSyncStep1(mutate(rnd, []).bytes) };
  if (kind < 10) return { label: "awareness", bytes: encodeAwarenessMessage(mutate(rnd, []).bytes) };
  if (kind < 11) {
    return { label: "type", bytes: encoding.encode((e) => { encoding.writeVarUint(e, rnd.int(300)); encoding.writeVarUint8Array(e, mutate(rnd, material.v1).bytes); }) };
  }
  return { label: "random", bytes: Uint8Array.from({ length: rnd.int(40) }, () => rnd.int(256)) };
}

/** What the server reads the message as (it uses the same decoder). */
function readAs(bytes: Uint8Array): "update" | "sync-step1" | "other" | "malformed" {
  try {
    const kind = decodeClientMessage(bytes).kind;
    return kind === "sync-update" || kind === "sync-step2" ? "update" : kind === "sync-step1" ? "sync-step1" : "other";
  } catch {
    return "malformed";
  }
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

/** A hostile connection that counts the sync step 2 answers and notices it receives. */
class HostileConnection {
  answers = 0;
  expected = 0;
  readonly notices: Notice[] = [];
  closed: Closed | null = null;
  private waiters: Array<() => void> = [];

  private constructor(readonly raw: RawClient) {
    raw.ws.on("message", (data: Buffer) => {
      if (data[0] === 0 && data[1] === 1) this.answers++;
      else if (data[0] === 100) this.notices.push(decodeNotice(new Uint8Array(data))!);
      this.wake();
    });
    void raw.closed.then((closed) => {
      this.closed = closed;
      this.wake();
    });
  }

  static async open(t: TestServer, documentId: string, cookie: string): Promise<HostileConnection> {
    return new HostileConnection(await RawClient.connect(t.url, documentId, { cookie }));
  }

  get open(): boolean {
    return this.closed === null && this.raw.ws.readyState === this.raw.ws.OPEN;
  }

  send(bytes: Uint8Array, answers = 0): void {
    this.expected += answers;
    this.raw.send(bytes);
  }

  /** True once every answer expected has arrived; false if the connection closed first. */
  settled(): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server neither answered nor closed within ${ANSWER_MS} ms`)), ANSWER_MS);
      const check = () => {
        if (this.answers >= this.expected) resolve(true);
        else if (this.closed) resolve(false);
        else return void this.waiters.push(check);
        clearTimeout(timer);
      };
      check();
    });
  }

  async close(): Promise<void> {
    this.raw.close();
    await this.raw.closed;
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

type Verdict = { readonly kind: "went-on" } | { readonly kind: "refused"; readonly code: number; readonly rule: string };

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

  it(`[SEC3][SEC10] ${MESSAGES} random and mutated messages (V1 and V2) judged by the server: the server stays up and honest clients converge (seed ${SEED})`, async () => {
    console.log(`fuzz: seed ${SEED} (rerun with SEED=${SEED})`);
    const started = Date.now();
    const id = await t.document(smallText());
    const honest = [await t.open("usa", id), await t.open("can", id), await t.open("sec", id)];
    const honestRnd = prng(streamSeed(SEED, HOSTILE_CONNECTIONS));

    // the material the mutations start from: honest updates made one at a time, in V1 and in V2
    const v1: Uint8Array[] = [];
    const v2: Uint8Array[] = [];
    const listeners = honest.map((client) => {
      const ydoc = client.ydoc;
      const listener = (update: Uint8Array, origin: unknown) => { if (origin !== client.provider) v1.push(update); };
      ydoc.on("update", listener);
      return () => ydoc.off("update", listener);
    });
    for (let i = 0; i < WARM_UP_EDITS; i++) {
      const client = honest[i % honest.length]!;
      const before = Y.encodeStateVector(client.ydoc);
      honestEdit(client, honestRnd);
      v2.push(Y.encodeStateAsUpdateV2(client.ydoc, before));
      const vector = Y.encodeStateVector(client.ydoc);
      await eventually(`warm-up edit ${i} to reach every honest client`, () => honest.every((c) => Buffer.from(Y.encodeStateVector(c.ydoc)).equals(vector)));
    }
    for (const off of listeners) off();
    expect(v1.length, "the warm-up edits produced honest updates").toBeGreaterThanOrEqual(WARM_UP_EDITS);
    v2.push(...v1.map((u) => Y.convertUpdateFormatV1ToV2(u)), Y.encodeStateAsUpdateV2(honest[0]!.ydoc));
    const material: Material = { v1, v2 };

    const cookies = await Promise.all(Array.from({ length: HOSTILE_CONNECTIONS }, (_, i) => t.session(`fuzz-${i}`).then((s) => s.cookie)));
    const roomIdle = () => t.services.rooms.withRoom(id, (room) => room.idle());
    let judged = 0;
    let sent = 0;
    let connections = 0;
    const outcomes = new Map<string, number>();
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    const refusedOnWire: Array<{ user: string; code: number; rule: string }> = [];
    const v2Outcomes: string[] = [];

    /** Sends one message and resolves with the server's verdict, or null if it cannot be known. */
    async function judge(connection: HostileConnection, message: Hostile): Promise<Verdict | null> {
      const as = readAs(message.bytes);
      connection.send(message.bytes, as === "sync-step1" ? 1 : 0);
      connection.send(PROBE, 1);
      let open = await connection.settled();
      if (open && as === "update") {
        // the probe was read after the update was queued; once the queue drains the gate has judged it
        await roomIdle();
        connection.send(PROBE, 1);
        open = await connection.settled();
      }
      if (open) return { kind: "went-on" };
      const notice = connection.notices[connection.notices.length - 1];
      const code = connection.closed!.code;
      if (!REFUSAL_CODES.has(code) || notice?.type !== "refused" || notice.code !== code) return null;
      return { kind: "refused", code, rule: notice.rule ?? "?" };
    }

    async function hostile(index: number): Promise<void> {
      const rnd = prng(streamSeed(SEED, index));
      let connection: HostileConnection | null = null;
      try {
        while (judged < MESSAGES) {
          if (!connection?.open) {
            if (connection) await connection.close();
            connection = await HostileConnection.open(t, id, cookies[index]!);
            connections++;
          }
          const message = hostileMessage(rnd, material);
          sent++;
          const verdict = await judge(connection, message);
          if (!verdict) {
            count(`unjudged ${connection.closed?.code}`);
            continue;
          }
          judged++;
          const kind = message.label.split("/")[0]!;
          if (verdict.kind === "went-on") count(`${kind} went on`);
          else {
            count(`${kind} refused ${verdict.code}`);
            refusedOnWire.push({ user: `fuzz-${index}`, code: verdict.code, rule: verdict.rule });
          }
          if (message.label === "update/v2") v2Outcomes.push(verdict.kind === "refused" ? `refused ${verdict.code}` : "went on");
          if (judged % 250 === 0) honestEdit(honestRnd.pick(honest), honestRnd);
        }
      } finally {
        await connection?.close();
      }
    }
    await Promise.all(Array.from({ length: HOSTILE_CONNECTIONS }, (_, i) => hostile(i)));
    const summary = `${judged} judged of ${sent} sent over ${connections} connections; ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}`;
    console.log(`fuzz: ${summary}; ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(judged, `the server judged only ${judged} hostile messages (${summary})`).toBeGreaterThanOrEqual(MESSAGES);
    // SEC3: V2-encoded updates are never read as V1
    expect(v2Outcomes.length, "unmutated V2 updates were sent").toBeGreaterThan(0);
    expect(v2Outcomes.filter((o) => o !== "refused 4400"), "every unmutated V2 update is refused with 4400").toEqual([]);

    // every refusal seen on the wire (CS8 ones included) is in the audit log
    const users = new Map((await Promise.all(Array.from({ length: HOSTILE_CONNECTIONS }, (_, i) => t.store.findUserByUsername(`fuzz-${i}`))))
      .map((u) => [u!.id, u!.username] as const));
    const audited = refusedOnWire.length;
    let recorded = 0;
    await eventually("the refusals to be in the audit log", async () => {
      const audit = await t.store.listAudit(0, 1_000_000);
      recorded = audit.filter((e) => e.kind === "refused" && e.details.document === id && users.has(e.actor ?? "")).length;
      return recorded >= audited;
    }, 20_000);
    expect(recorded, "audit 'refused' entries of the hostile users = refusals seen on the wire").toBe(audited);

    // the server is up and serves: health, a new client, an edit that reaches everyone
    const health = await fetch(new URL("/api/health", t.url));
    expect(health.status).toBe(200);
    const late = await t.open("usa", id);
    honestEdit(honest[1]!, honestRnd);
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
    late.destroy();
  }, 240_000);
});
