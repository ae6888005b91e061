/**
 * The composition root: reads the configuration, opens the store, seeds the demo on an empty
 * database (never in production), and serves HTTP, the client and WebSockets on one port.
 */
import { ConfigError, parseConfig } from "./config.js";
import { describeDemo, isEmpty, seedDemo } from "./demo/seed.js";
import { startServer } from "./server.js";
import { describeStore, openStore } from "./store/open.js";

async function main(): Promise<void> {
  const config = parseConfig(process.env, process.argv.slice(2));
  const store = await openStore(config.store);
  const server = await startServer({
    store,
    port: config.port,
    host: config.host,
    ...(config.clientDist ? { clientDist: config.clientDist } : {}),
    trustProxy: config.trustProxy,
    allowedOrigins: config.allowedOrigins,
    ...(config.maxUpdateBytes ? { maxUpdateBytes: config.maxUpdateBytes } : {}),
    ...(config.compactEvery ? { rooms: { compactEvery: config.compactEvery } } : {}),
  });
  console.log(`concord: serving on ${server.url} (store: ${describeStore(config.store)})`);
  if (config.demo && (await isEmpty(server.services))) {
    const { accounts } = await seedDemo(server.services, { production: config.production });
    console.log(describeDemo(accounts, server.url));
  }
  console.log("concord: ready"); // start-up is over: the demo, if any, is seeded

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`concord: ${signal}, stopping`);
    try {
      await server.close();
      await store.close();
    } finally {
      process.exit(0);
    }
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`concord: ${error.message}`);
  else console.error(`concord: could not start: ${(error as Error)?.stack ?? String(error)}`);
  process.exit(1);
});
