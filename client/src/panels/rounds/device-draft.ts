/**
 * General comments typed but not sent, kept on the device (client SPEC RD10): saved as the delegate
 * types, per person and round, so that nothing typed is lost when the deadline passes or the page
 * reloads; offered back in the form, or — after the deadline — for sending as a late submission with
 * one action; forgotten once sent. Pure apart from the storage it is given (localStorage in the browser).
 */
import type { CommentsNodeJSON } from "@concord/shared";

/** What is kept: the comments, their language and the translation, as the form holds them. */
export interface DeviceDraft {
  readonly content: CommentsNodeJSON | null;
  readonly language: string;
  readonly translation: CommentsNodeJSON | null;
  /** When it was last typed (this device's clock; shown, never used to decide anything). */
  readonly savedAt: string;
}

/** The part of the Web Storage API used here. */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const draftKey = (userId: string, roundId: string) => `concord/${userId}/round/${roundId}/general-comments`;

const textOf = (node: CommentsNodeJSON | null | undefined): string =>
  !node ? "" : (node.text ?? "") + (node.content ?? []).map(textOf).join(" ");

/** Whether a draft holds any text worth keeping. */
export const draftHasText = (draft: Pick<DeviceDraft, "content" | "translation"> | null): boolean =>
  !!draft && (textOf(draft.content).trim() !== "" || textOf(draft.translation).trim() !== "");

/** Whether the draft says something the comments already sent do not (what was sent is not unsent). */
export function differsFromSent(draft: DeviceDraft, sent: { readonly content: CommentsNodeJSON; readonly language: string; readonly translation: { readonly content: CommentsNodeJSON } | null } | null): boolean {
  if (!draftHasText(draft)) return false;
  if (!sent) return true;
  return JSON.stringify(draft.content) !== JSON.stringify(sent.content) || draft.language !== sent.language
    || JSON.stringify(draft.translation ?? null) !== JSON.stringify(sent.translation?.content ?? null);
}

export class DeviceDrafts {
  constructor(private readonly storage: DraftStorage | null) {}

  read(userId: string, roundId: string): DeviceDraft | null {
    try {
      const raw = this.storage?.getItem(draftKey(userId, roundId));
      if (!raw) return null;
      const value = JSON.parse(raw) as Partial<DeviceDraft>;
      if (typeof value !== "object" || value === null || typeof value.language !== "string" || typeof value.savedAt !== "string") return null;
      return { content: value.content ?? null, language: value.language, translation: value.translation ?? null, savedAt: value.savedAt };
    } catch {
      // reason: a storage the browser refuses (private mode) or a value another version wrote: nothing kept
      return null;
    }
  }

  /** Keeps `draft` (or forgets it when it holds no text). */
  write(userId: string, roundId: string, draft: DeviceDraft): void {
    try {
      if (!draftHasText(draft)) this.storage?.removeItem(draftKey(userId, roundId));
      else this.storage?.setItem(draftKey(userId, roundId), JSON.stringify(draft));
    } catch {
      // reason: the storage is full or refused: the form still holds the text while the page is open
    }
  }

  forget(userId: string, roundId: string): void {
    try {
      this.storage?.removeItem(draftKey(userId, roundId));
    } catch {
      // reason: as above
    }
  }
}

/** The browser's localStorage, or null where it cannot be used. */
export function browserStorage(): DraftStorage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    // reason: localStorage throws when storage is disabled
    return null;
  }
}
