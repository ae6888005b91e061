/** Turns what the client processes recorded into the benchmark's figures (pure). */
import { summarize, type Timing } from "../measure.js";
import type { ProbeResult, SenderResult } from "./messages.js";

export interface Window { readonly from: number; readonly to: number }

export interface Figures {
  /** Edits sent during the window. */
  readonly sent: number;
  /** Of those, the ones every probe received. */
  readonly accepted: number;
  /** Refusal notices received by senders (honest edits: must be 0). */
  readonly refused: number;
  /** Senders whose connection the server closed, and with which codes. */
  readonly closes: readonly number[];
  /** Edits the local tracking engine blocked (must be 0). */
  readonly blocked: number;
  /** Edits (sent at any time) that reached the first probe during the window, per second. */
  readonly acceptedPerSecond: number;
  /** Edit-to-peer latency: one sample per (edit sent in the window, probe). */
  readonly latency: Timing;
  readonly max: number;
}

/** Index of the first element of ascending `values` that is ≥ `target`, or -1. */
function firstAtLeast(values: readonly number[], target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo < values.length ? lo : -1;
}

export function analyse(senders: readonly SenderResult[], probes: readonly ProbeResult[], window: Window): Figures {
  const indexed = probes.map((p) => new Map(p.arrivals.map((a) => [a.client, a])));
  const samples: number[] = [];
  let sent = 0;
  let accepted = 0;
  let arrivedInWindow = 0;
  for (const s of senders) {
    for (let k = 0; k < s.clocks.length; k++) {
      const sentAt = s.sentAt[k]!;
      const inWindow = sentAt >= window.from && sentAt < window.to;
      if (inWindow) sent++;
      let everywhere = true;
      indexed.forEach((probe, p) => {
        const arrivals = probe.get(s.clientId);
        const i = arrivals ? firstAtLeast(arrivals.clocks, s.clocks[k]!) : -1;
        if (i < 0) {
          everywhere = false;
          return;
        }
        const at = arrivals!.times[i]!;
        if (inWindow) samples.push(at - sentAt);
        if (p === 0 && at >= window.from && at < window.to) arrivedInWindow++;
      });
      if (inWindow && everywhere) accepted++;
    }
  }
  const refused = senders.reduce((n, s) => n + s.notices.filter((m) => (JSON.parse(m) as { type?: string }).type === "refused").length, 0);
  const timing = summarize(samples);
  return {
    sent,
    accepted,
    refused,
    closes: senders.filter((s) => s.closeCode !== null).map((s) => s.closeCode!),
    blocked: senders.reduce((n, s) => n + s.blocked, 0),
    acceptedPerSecond: arrivedInWindow / ((window.to - window.from) / 1000),
    latency: timing,
    max: samples.reduce((m, x) => Math.max(m, x), 0),
  };
}
