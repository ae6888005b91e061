/**
 * Frames the WebSocket layer itself cannot take (SECURITY.md SEC25, collab SPEC CS15): longer than its
 * limit (twice the update limit and 4 KiB), in one frame or in fragments, declaring a length it never
 * sends, or breaking the protocol. Each is refused like any other message — a notice, 4413 or 4400,
 * an audit entry with the declared length, a refusal counted toward 4429 — instead of ws's own 1009
 * or 1002 that nobody saw. Raw frames are written on the socket byte by byte.
 */
import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smallText } from "../helpers/fixtures.js";
import { RawClient } from "../helpers/raw-ws.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const UPDATE_LIMIT = 32 * 1024;
/** The server's WebSocket limit: 2 × the update limit + 4096 (server.ts). */
const FRAME_LIMIT = 2 * UPDATE_LIMIT + 4096;

/** A client frame (masked, as RFC 6455 requires) with `opcode`, declaring `length` and carrying `payload` (fewer bytes than declared is allowed). */
function frame(opcode: number, length: number | bigint, payload: Uint8Array = new Uint8Array(0), fin = true): Buffer {
  const n = BigInt(length);
  const header: number[] = [(fin ? 0x80 : 0) | opcode];
  if (n < 126n) header.push(0x80 | Number(n));
  else if (n < 65536n) header.push(0x80 | 126, Number(n >> 8n) & 255, Number(n) & 255);
  else {
    header.push(0x80 | 127);
    for (let i = 7; i >= 0; i--) header.push(Number((n >> BigInt(8 * i)) & 255n));
  }
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from(header), mask, body]);
}

describe("frames the WebSocket layer refuses", () => {
  let t: TestServer;
  let documentId: string;
  let accounts = 0;
  beforeAll(async () => {
    t = await startTestServer({ maxUpdateBytes: UPDATE_LIMIT });
    documentId = await t.document(smallText());
  });
  afterAll(() => t.stop());

  /** A fresh delegate's raw connection (each account has its own back-off). */
  async function connect(name?: string): Promise<{ raw: RawClient; socket: Socket; name: string; userId: string }> {
    const username = name ?? `framer-${++accounts}`;
    if (!name) await t.user(username, "delegate", "USA");
    const session = await t.session(username);
    const raw = await RawClient.connect(t.url, documentId, { cookie: session.cookie });
    await raw.waitFor((m) => m[0] === 0);
    return { raw, socket: (raw.ws as unknown as { _socket: Socket })._socket, name: username, userId: session.user.id };
  }

  const refusals = async (userId: string) => (await t.store.listAudit(0, 100_000)).filter((e) => e.kind === "refused" && e.actor === userId);

  it("[SEC25][CS15] a frame over the limit: notice, 4413, audited with its length, counted", async () => {
    const { raw, userId } = await connect();
    const before = await t.store.listUpdates(documentId);
    raw.send(new Uint8Array(FRAME_LIMIT + 1000).fill(7));
    const closed = await raw.closed;
    expect(closed.code).toBe(4413);
    const message = `The message has ${FRAME_LIMIT + 1000} bytes; the limit is ${FRAME_LIMIT} bytes.`;
    expect(raw.notices()).toEqual([{ type: "refused", code: 4413, rule: "CS8", message }]);
    expect(closed.reason).toBe(message);
    const [entry] = await refusals(userId);
    expect(entry!.details).toMatchObject({ document: documentId, code: 4413, rule: "CS8", message, bytes: FRAME_LIMIT + 1000, sha256: null, frame: "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH" });
    expect(await t.store.listUpdates(documentId)).toEqual(before);
  });

  it("[SEC25][CS15] fragments that add up to more than the limit, and a frame that declares 2^40 bytes and sends none: 4413", async () => {
    const fragmented = await connect();
    const third = Math.ceil((FRAME_LIMIT + 300) / 3);
    const part = new Uint8Array(third).fill(1);
    fragmented.raw.ws.send(part, { binary: true, fin: false });
    fragmented.raw.ws.send(part, { fin: false });
    fragmented.raw.ws.send(part, { fin: true });
    expect((await fragmented.raw.closed).code).toBe(4413);
    expect(fragmented.raw.notices()[0]).toMatchObject({ code: 4413, message: `The message has ${3 * third} bytes; the limit is ${FRAME_LIMIT} bytes.` });
    expect((await refusals(fragmented.userId))[0]!.details).toMatchObject({ code: 4413, bytes: 3 * third });

    const declared = await connect();
    declared.socket.write(frame(0x2, 2n ** 40n));
    expect((await declared.raw.closed).code).toBe(4413);
    expect((await refusals(declared.userId))[0]!.details).toMatchObject({ code: 4413, bytes: 2 ** 40 });
    const beyond = await connect();
    beyond.socket.write(frame(0x2, 2n ** 63n + 5n));
    expect((await beyond.raw.closed).code).toBe(4413);
    expect(beyond.raw.notices()[0]).toMatchObject({ code: 4413, message: `The message is longer than ${FRAME_LIMIT} bytes, the limit.` });
  });

  it("[SEC25][CS15] frames that break the protocol — a reserved opcode, an unmasked frame, reserved bits, a bad close code, a long ping — 4400, audited", async () => {
    const unmasked = Buffer.from([0x82, 0x03, 1, 2, 3]);
    const cases: Array<[string, Buffer]> = [
      ["a reserved opcode", frame(0x3, 1, new Uint8Array([9]))],
      ["an unmasked frame", unmasked],
      ["a reserved bit", Buffer.concat([Buffer.from([0xc2]), frame(0x2, 1, new Uint8Array([1])).subarray(1)])],
      ["an invalid close code", frame(0x8, 2, new Uint8Array([0x03, 0xe7]))],
      ["a ping longer than 125 bytes", frame(0x9, 200, new Uint8Array(200))],
    ];
    for (const [what, bytes] of cases) {
      const { raw, socket, userId } = await connect();
      socket.write(bytes);
      const closed = await raw.closed;
      expect(closed.code, what).toBe(4400);
      expect(raw.notices(), what).toEqual([expect.objectContaining({ type: "refused", code: 4400, rule: "CS8", message: expect.stringMatching(/^The WebSocket frame is not valid: .+\.$/) })]);
      const [entry] = await refusals(userId);
      expect(entry?.details, what).toMatchObject({ code: 4400, rule: "CS8", frame: expect.stringMatching(/^WS_ERR_/) });
    }
  });

  it("[SEC25][CS6] five refused frames keep the user out for a while (4429), like any refusals", async () => {
    const first = await connect();
    for (let i = 0; i < 5; i++) {
      const { raw } = i === 0 ? first : await connect(first.name);
      raw.send(new Uint8Array(FRAME_LIMIT + 1).fill(3));
      expect((await raw.closed).code).toBe(4413);
    }
    expect(await refusals(first.userId)).toHaveLength(5);
    const session = await t.session(first.name);
    const kept = await RawClient.connect(t.url, documentId, { cookie: session.cookie });
    const closed = await kept.closed;
    expect(closed.code).toBe(4429);
    expect(kept.notices()[0]).toMatchObject({ code: 4429, rule: "CS6" });
    // others are served meanwhile
    const other = await connect();
    expect(other.raw.ws.readyState).toBe(other.raw.ws.OPEN);
    other.raw.close();
  });
});
