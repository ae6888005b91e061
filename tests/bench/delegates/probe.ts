/**
 * A peer that applies everything the server sends (y-protocols' sync, a full Y.Doc) and notes when
 * each Yjs client's clock advances: the arrival time of every sender's edit, identified by
 * (client id, clock), to match against the time the sender sent it.
 */
import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import { Link, MESSAGE_SYNC, SYNC_STEP1, now, syncMessage } from "./wire.js";

export class Probe {
  readonly ydoc = new Y.Doc({ gc: false });
  /** Per client id: the clocks it reached, and when, in arrival order. */
  readonly arrivals = new Map<number, { clocks: number[]; times: number[] }>();
  private link: Link | null = null;
  private synced!: Promise<void>;

  constructor(private readonly url: string) {
    this.ydoc.on("afterTransaction", (transaction: Y.Transaction) => {
      const t = now();
      for (const [client, clock] of transaction.afterState) {
        if ((transaction.beforeState.get(client) ?? 0) >= clock) continue;
        let entry = this.arrivals.get(client);
        if (!entry) this.arrivals.set(client, (entry = { clocks: [], times: [] }));
        entry.clocks.push(clock);
        entry.times.push(t);
      }
    });
  }

  get stats() {
    return this.link?.stats ?? null;
  }

  /** Connects and resolves once the server answered the probe's sync step 1. */
  async connect(): Promise<void> {
    let resolveSynced!: () => void;
    this.synced = new Promise((resolve) => { resolveSynced = resolve; });
    this.link = await Link.open(this.url, (message, link) => {
      if (message[0] !== MESSAGE_SYNC) return;
      const decoder = decoding.createDecoder(message);
      decoding.readVarUint(decoder);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      const type = syncProtocol.readSyncMessage(decoder, encoder, this.ydoc, "remote");
      if (encoding.length(encoder) > 1) link.send(encoding.toUint8Array(encoder));
      if (type === syncProtocol.messageYjsSyncStep2) resolveSynced();
    });
    this.link.send(syncMessage(SYNC_STEP1, Y.encodeStateVector(this.ydoc)));
    await this.synced;
  }

  close(): void {
    this.link?.close();
    this.ydoc.destroy();
  }
}
