/**
 * A light simulated delegate: it makes honest tracked edits exactly as the editor does
 * (`trackTransaction` on a ProseMirror state, then y-prosemirror's `updateYFragment` into a Y.Doc),
 * but on a local copy that never applies anyone else's updates. That is enough to make valid edits:
 * the delegate types only in its own region (regions.ts), continuing its own pending insertion, so
 * its Yjs items are anchored to the initial text and to its own earlier items, which every peer has.
 * What the server broadcasts to it is received and dropped, as cheaply as the WebSocket allows.
 */
import * as Y from "yjs";
import type { Node } from "prosemirror-model";
import { EditorState } from "prosemirror-state";
import { absolutePositionToRelativePosition, updateYFragment } from "y-prosemirror";
import { BLOCKED_META, CONTENT_ROOT, schema, trackTransaction, type Actor } from "@concord/shared";
import type { Region } from "./regions.js";
import { Link, MESSAGE_SYNC, SYNC_STEP1, SYNC_STEP2, awarenessMessage, now, readStep1, syncMessage } from "./wire.js";

const WORDS = ["further", "relevant", "national", "regional", "appropriate", "effective", "timely", "voluntary", "all", "competent"];

export interface SenderOptions {
  readonly url: string;
  readonly initialState: Uint8Array;
  /** The initial document as ProseMirror (shared by all senders: documents are immutable). */
  readonly initialDoc: Node;
  readonly region: Region;
  readonly actor: Actor;
  readonly clientId: number;
  /** Send a cursor awareness update with each edit, as the browser's cursor plugin does. */
  readonly awareness: boolean;
  /** Start a new proposal (a new change id) every this many edits; 0: one proposal, continued. */
  readonly newProposalEvery: number;
}

export class Sender {
  readonly ydoc: Y.Doc;
  private state: EditorState;
  private readonly meta = { mapping: new Map(), isOMark: new Map() };
  private at: number;
  private link: Link | null = null;
  private awarenessClock = 0;
  private words = 0;
  private proposals = 0;
  /** (clock after the edit, send time) of every edit sent, in order. */
  readonly clocks: number[] = [];
  readonly sentAt: number[] = [];
  blocked = 0;

  constructor(private readonly options: SenderOptions) {
    this.ydoc = new Y.Doc({ gc: false });
    this.ydoc.clientID = options.clientId;
    Y.applyUpdate(this.ydoc, options.initialState);
    this.state = EditorState.create({ schema, doc: options.initialDoc });
    // proposals go from the last word start of the region to the first: the positions to the left of
    // all of the delegate's own insertions are those of the initial document
    this.at = options.region.starts[options.region.starts.length - 1]!;
  }

  get clientId(): number {
    return this.options.clientId;
  }

  get stats() {
    return this.link?.stats ?? null;
  }

  /** Connects and runs the y-websocket handshake: step 1 out, the server's step 1 answered. */
  async connect(): Promise<void> {
    this.link = await Link.open(this.options.url, (message, link) => {
      if (message[0] === MESSAGE_SYNC && message[1] === SYNC_STEP1) {
        link.send(syncMessage(SYNC_STEP2, Y.encodeStateAsUpdate(this.ydoc, readStep1(message))));
      }
    });
    this.link.send(syncMessage(SYNC_STEP1, Y.encodeStateVector(this.ydoc)));
    if (this.options.awareness) this.link.send(awarenessMessage(this.clientId, ++this.awarenessClock, { user: { name: this.options.actor.author } }));
  }

  /** Types the next word after the delegate's own pending insertion and sends the update. */
  typeNext(): void {
    if (!this.link?.open) return;
    const { newProposalEvery, region } = this.options;
    if (newProposalEvery > 0 && this.words > 0 && this.words % newProposalEvery === 0 && this.proposals + 1 < region.starts.length) {
      this.proposals++;
      this.at = region.starts[region.starts.length - 1 - this.proposals]!;
    }
    const text = `${WORDS[this.words++ % WORDS.length]} `;
    const tracked = trackTransaction(this.state, this.state.tr.insertText(text, this.at), this.options.actor);
    if (tracked.getMeta(BLOCKED_META)) {
      this.blocked++;
      return;
    }
    this.state = this.state.apply(tracked);
    this.at += text.length;
    let update: Uint8Array | null = null;
    const listen = (u: Uint8Array) => { update = u; };
    this.ydoc.on("update", listen);
    const fragment = this.ydoc.getXmlFragment(CONTENT_ROOT);
    this.ydoc.transact(() => updateYFragment(this.ydoc, fragment, this.state.doc, this.meta as never));
    this.ydoc.off("update", listen);
    if (!update) return;
    this.clocks.push(Y.getState(this.ydoc.store, this.clientId));
    this.sentAt.push(now());
    this.link.send(syncMessage(2, update));
    if (this.options.awareness) {
      const cursor = Y.relativePositionToJSON(absolutePositionToRelativePosition(this.at, fragment, this.meta.mapping as never));
      this.link.send(awarenessMessage(this.clientId, ++this.awarenessClock, { user: { name: this.options.actor.author }, cursor: { anchor: cursor, head: cursor } }));
    }
  }

  close(): void {
    this.link?.close();
    this.ydoc.destroy();
  }
}
