/**
 * A headless editor peer: a Y.Doc bound to a ProseMirror EditorState through y-prosemirror's own
 * functions, the way the browser binding does it — `updateYFragment` writes local ProseMirror changes
 * into Yjs, and the document is read back from Yjs after remote updates.
 */
import * as Y from "yjs";
import { EditorState, type Transaction } from "prosemirror-state";
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from "y-prosemirror";
import { CONTENT_ROOT, schema, trackTransaction, TRACKED_META, BLOCKED_META, type Actor, type TrackingEnv } from "@concord/shared";

const REMOTE = "remote";

export class Peer {
  readonly ydoc = new Y.Doc({ gc: false });
  state: EditorState;
  /** Updates this peer produced that others have not received yet. */
  readonly outbox: Uint8Array[] = [];
  /** Change ids this peer created, to check attribution after convergence. */
  readonly created = new Set<string>();
  private meta = { mapping: new Map(), isOMark: new Map() };

  constructor(readonly name: string, readonly actor: Actor, initial: Uint8Array) {
    Y.applyUpdate(this.ydoc, initial, REMOTE);
    this.ydoc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) this.outbox.push(update);
    });
    this.state = EditorState.create({ schema, doc: this.read() });
  }

  get fragment(): Y.XmlFragment {
    return this.ydoc.getXmlFragment(CONTENT_ROOT);
  }

  private read() {
    return yXmlFragmentToProseMirrorRootNode(this.fragment, schema);
  }

  /** Applies a user transaction through the tracking engine and writes the result into Yjs. */
  edit(untracked: Transaction, env: TrackingEnv): "tracked" | "blocked" {
    const tracked = trackTransaction(this.state, untracked, this.actor, env);
    if (tracked.getMeta(BLOCKED_META)) return "blocked";
    const changeId = (tracked.getMeta(TRACKED_META) as { changeId: string } | undefined)?.changeId;
    if (changeId) this.created.add(changeId);
    this.state = this.state.apply(tracked);
    this.ydoc.transact(() => updateYFragment(this.ydoc, this.fragment, this.state.doc, this.meta as never), "local");
    return "tracked";
  }

  /** Receives another peer's update and reads the document back, as the binding does on remote changes. */
  receive(update: Uint8Array): void {
    Y.applyUpdate(this.ydoc, update, REMOTE);
    this.meta = { mapping: new Map(), isOMark: new Map() };
    this.state = EditorState.create({ schema, doc: this.read() });
  }
}
