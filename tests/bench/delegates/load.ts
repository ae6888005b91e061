/**
 * A client process of the delegates benchmark (forked by delegates.ts with an IPC channel): either a
 * shard of senders (simulated delegates, one edit per second each) or the probes. It connects, says
 * "ready", runs the schedule the parent gives it (start time, warm-up, measured window, drain) and
 * sends back what it recorded. Client work never runs in the server's process.
 */
import { readFileSync } from "node:fs";
import * as Y from "yjs";
import { CONTENT_ROOT, DocumentReader, schema } from "@concord/shared";
import { Probe } from "./probe.js";
import { assignRegions } from "./regions.js";
import { Sender } from "./sender.js";
import { now } from "./wire.js";
import type { LoadConfig, LoadResult, ParentMessage, Schedule } from "./messages.js";

const send = (message: unknown) => process.send!(message);

async function main(config: LoadConfig): Promise<void> {
  const initialState = new Uint8Array(readFileSync(config.statePath));
  const ydoc = new Y.Doc({ gc: false });
  Y.applyUpdate(ydoc, initialState);
  const initialDoc = new DocumentReader(schema).read(ydoc.getXmlFragment(CONTENT_ROOT));
  ydoc.destroy();

  const senders: Sender[] = [];
  const probes: Probe[] = [];
  if (config.role === "senders") {
    const regions = assignRegions(initialDoc, config.total);
    for (const spec of config.senders) {
      senders.push(new Sender({
        url: spec.url, initialState, initialDoc, region: regions[spec.index]!, clientId: spec.clientId,
        actor: { delegation: spec.delegation, author: spec.author }, awareness: config.awareness, newProposalEvery: config.newProposalEvery,
      }));
    }
    // connect in small batches: the join of each (sync, awareness of everyone) is not what is measured
    for (let i = 0; i < senders.length; i += 20) await Promise.all(senders.slice(i, i + 20).map((s) => s.connect()));
  } else {
    for (const url of config.probes) probes.push(new Probe(url));
    await Promise.all(probes.map((p) => p.connect()));
  }

  const schedule = await new Promise<Schedule>((resolve) => {
    process.on("message", (message: ParentMessage) => {
      if (message.type === "start") resolve(message.schedule);
      if (message.type === "stop") {
        for (const s of senders) s.close();
        for (const p of probes) p.close();
        setTimeout(() => process.exit(0), 200);
      }
    });
    send({ type: "ready" });
  });

  const stopSending = schedule.at + schedule.warmupMs + schedule.windowMs;
  if (config.role === "senders") {
    config.senders.forEach((spec, k) => {
      const sender = senders[k]!;
      // evenly spread phases over the second, by global index, so the load is smooth
      let next = schedule.at + (spec.index / config.total) * 1000;
      const tick = () => {
        if (now() >= stopSending) return;
        sender.typeNext();
        next += 1000;
        setTimeout(tick, Math.max(0, next - now()));
      };
      setTimeout(tick, Math.max(0, next - now()));
    });
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, stopSending + schedule.drainMs - now())));
  const result: LoadResult = {
    type: "result",
    role: config.role,
    senders: senders.map((s) => ({ clientId: s.clientId, clocks: s.clocks, sentAt: s.sentAt, blocked: s.blocked, closeCode: s.stats?.closeCode ?? null, notices: s.stats?.notices ?? [], received: s.stats?.messages ?? 0 })),
    probes: probes.map((p) => ({ arrivals: [...p.arrivals].map(([client, a]) => ({ client, clocks: a.clocks, times: a.times })), closeCode: p.stats?.closeCode ?? null, notices: p.stats?.notices ?? [] })),
  };
  send(result);
}

process.once("message", (message: ParentMessage) => {
  if (message.type !== "config") throw new Error(`expected the config first, got ${message.type}`);
  main(message.config).catch((error: unknown) => {
    send({ type: "error", message: (error as Error).stack ?? String(error) });
    process.exit(1);
  });
});
