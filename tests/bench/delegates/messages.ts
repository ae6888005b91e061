/** What the delegates benchmark's parent and its client processes (load.ts) say to each other over IPC. */

export interface SenderSpec {
  /** Global index among all senders (its region and phase). */
  readonly index: number;
  readonly url: string;
  readonly delegation: string;
  /** The account id: the author of its attributions. */
  readonly author: string;
  readonly clientId: number;
}

export type LoadConfig =
  | { readonly role: "senders"; readonly statePath: string; readonly total: number; readonly awareness: boolean; readonly newProposalEvery: number; readonly senders: readonly SenderSpec[] }
  | { readonly role: "probes"; readonly statePath: string; readonly probes: readonly string[] };

/** Times are wall-clock milliseconds (`performance.timeOrigin + performance.now()`). */
export interface Schedule {
  readonly at: number;
  readonly warmupMs: number;
  readonly windowMs: number;
  /** After the last edit is sent: time for the last broadcasts to arrive. */
  readonly drainMs: number;
}

export type ParentMessage =
  | { readonly type: "config"; readonly config: LoadConfig }
  | { readonly type: "start"; readonly schedule: Schedule }
  | { readonly type: "stop" };

export interface SenderResult {
  readonly clientId: number;
  readonly clocks: readonly number[];
  readonly sentAt: readonly number[];
  readonly blocked: number;
  readonly closeCode: number | null;
  readonly notices: readonly string[];
  readonly received: number;
}

export interface ProbeResult {
  readonly arrivals: ReadonlyArray<{ readonly client: number; readonly clocks: readonly number[]; readonly times: readonly number[] }>;
  readonly closeCode: number | null;
  readonly notices: readonly string[];
}

export interface LoadResult {
  readonly type: "result";
  readonly role: LoadConfig["role"];
  readonly senders: readonly SenderResult[];
  readonly probes: readonly ProbeResult[];
}

export type ChildMessage = { readonly type: "ready" } | LoadResult | { readonly type: "error"; readonly message: string };
