/**
 * `pnpm bench [suite …]`: runs the benchmark suites and prints each as a table of figures with a
 * baseline measured in the same run and the ratio between them. Suites: engine, server, note,
 * delegates, browser, round.
 */
import { runEngineBench } from "./engine.js";
import { runServerBench } from "./server.js";

const suites: Record<string, () => Promise<unknown>> = {
  engine: runEngineBench,
  server: runServerBench,
  note: () => import("./note.js").then((m) => m.runNoteBench()),
  delegates: () => import("./delegates.js").then((m) => m.runDelegatesBench()),
  browser: () => import("./browser.js").then((m) => m.runBrowserBench()),
  round: () => import("./round.js").then((m) => m.runRoundBench()),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-") && !/^\d+$/.test(a));
const unknown = wanted.filter((name) => !(name in suites));
if (unknown.length > 0) {
  console.error(`unknown bench suite(s): ${unknown.join(", ")}; known: ${Object.keys(suites).join(", ")}`);
  process.exit(2);
}
console.log(`Concord benchmarks — ${new Date().toISOString()} — node ${process.version}, ${(await import("node:os")).cpus().length} CPUs`);
for (const name of wanted.length > 0 ? wanted : Object.keys(suites)) await suites[name]!();
