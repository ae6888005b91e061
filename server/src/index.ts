// @concord/server: what tests, benchmarks and scripts use. The process entry point is main.ts.
export * from "./clock.js";
export * from "./store/types.js";
export * from "./store/sqlite.js";
export * from "./store/postgres.js";
export * from "./store/open.js";
export * from "./audit/chain.js";
