// @concord/shared: the pure core of Concord. No I/O; the clock and randomness are injected.
export * from "./schema/attribution.js";
export * from "./schema/schema.js";
export * from "./schema/numbering.js";
export * from "./tracking/actor.js";
export * from "./tracking/marks.js";
export * from "./tracking/compare.js";
export * from "./tracking/review.js";
export * from "./tracking/check.js";
export * from "./tracking/track.js";
export * from "./tracking/changes.js";
export * from "./tracking/annotations.js";
export * from "./collab/index.js";
export * from "./delegations/registry.js";
export * from "./rounds/index.js";
export * from "./note/index.js";
export * from "./import/index.js";
export * from "./tracking/owners.js";
