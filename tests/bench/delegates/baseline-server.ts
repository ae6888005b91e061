/**
 * The baseline of the delegates benchmark, run as a child process: a plain `@y/websocket-server`
 * (0.1.1, used as published, no code of it copied here) serving one document that starts from the same
 * state as Concord's, with garbage collection off as Concord serves it. No authentication, no checks,
 * nothing written to disk: every update is applied and broadcast.
 *
 *   node --import tsx baseline-server.ts <state file>     prints "listening on http://127.0.0.1:<port>"
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import * as Y from "yjs";
import { WebSocketServer } from "ws";
import { getYDoc, setupWSConnection } from "@y/websocket-server/utils";

const [statePath] = process.argv.slice(2);
if (!statePath) throw new Error("usage: baseline-server.ts <state file>");
const ROOM = "bench";

Y.applyUpdate(getYDoc(ROOM, false), new Uint8Array(readFileSync(statePath)));

const wss = new WebSocketServer({ noServer: true });
const server = createServer((_req, res) => res.end("baseline"));
server.on("upgrade", (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName: ROOM, gc: false }));
});
server.listen(0, "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => process.exit(0));
