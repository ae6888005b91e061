import type { Attribution } from "../schema/attribution.js";
import { defaultEnv, type TrackingEnv } from "../tracking/actor.js";
import {
  annotationKey, MAX_ANNOTATION_TEXT, type Annotation, type CommentTarget,
} from "../tracking/annotations.js";
import { ImportError, type ImportWarning } from "./errors.js";

/** How an import names and dates what it creates. */
export interface ImportOptions {
  /** Ids (points, changes, comments) and, unless `createdAt` is given, the time. Default `defaultEnv`. */
  env?: TrackingEnv;
  /** ISO instant stamped on every attribution and annotation. Default: `env.now()`. */
  createdAt?: string;
  /** The account recorded as author of every imported proposal. Default "import". */
  author?: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * The state of one import: the injected id source and time, the warnings and the annotations built
 * so far. Throws (a bug in the caller, not bad input) when the options are malformed.
 */
export class ImportContext {
  readonly author: string;
  readonly createdAt: string;
  readonly warnings: ImportWarning[] = [];
  readonly annotations = new Map<string, Annotation>();
  private readonly env: TrackingEnv;

  constructor(options: ImportOptions = {}) {
    this.env = options.env ?? defaultEnv;
    this.author = options.author ?? "import";
    this.createdAt = options.createdAt ?? this.env.now().toISOString();
    if (!ISO_INSTANT.test(this.createdAt)) throw new RangeError(`import createdAt ${JSON.stringify(this.createdAt)} is not an ISO instant`);
    if (this.author.length === 0 || this.author.length > 128) throw new RangeError(`import author ${JSON.stringify(this.author)} must have 1 to 128 characters`);
  }

  newId(): string {
    const id = this.env.newId();
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new RangeError(`the id source gave ${JSON.stringify(id)}, which is not a valid id`);
    return id;
  }

  /**
   * The attribution of change `id`. Changes are dated a millisecond apart in the order they are first
   * met in the text (IM25), so that competing proposals keep their printed order wherever changes are
   * ordered by time; every part of one change keeps the time it was first given.
   */
  attribution(delegation: string, id = this.newId()): Attribution {
    let createdAt = this.changeTimes.get(id);
    if (createdAt === undefined) {
      createdAt = new Date(Date.parse(this.createdAt) + this.changeTimes.size).toISOString();
      this.changeTimes.set(id, createdAt);
    }
    return { id, delegation, author: this.author, createdAt };
  }
  private readonly changeTimes = new Map<string, string>();

  warn(line: number, message: string): void {
    this.warnings.push({ line, message });
  }

  reason(delegation: string, changeId: string, text: string, line: number): void {
    this.add({ kind: "reason", delegation, author: this.author, changeId, text: this.checkText(text, line), updatedAt: this.createdAt });
  }

  cosponsor(delegation: string, changeId: string): void {
    this.add({ kind: "cosponsor", delegation, author: this.author, changeId, joinedAt: this.createdAt });
  }

  comment(delegation: string, id: string, target: CommentTarget, text: string, line: number): void {
    this.add({ kind: "comment", delegation, author: this.author, id, target, text: this.checkText(text, line), createdAt: this.createdAt, updatedAt: this.createdAt });
  }

  private add(annotation: Annotation): void {
    const key = annotationKey(annotation);
    if (!this.annotations.has(key)) this.annotations.set(key, annotation);
  }

  private checkText(text: string, line: number): string {
    if (text.length > MAX_ANNOTATION_TEXT) throw new ImportError(line, `an annotation of ${text.length} characters exceeds the limit of ${MAX_ANNOTATION_TEXT}`);
    return text;
  }
}
