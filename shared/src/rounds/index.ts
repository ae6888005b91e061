// Comment rounds and silence procedures: the pure core (see SPEC.md). The server wires it to storage and the clock.
export * from "./types.js";
export * from "./errors.js";
export * from "./events.js";
export * from "./effects.js";
export * from "./comments-schema.js";
export * from "./time.js";
export * from "./format.js";
export * from "./rules.js";
export * from "./status.js";
export * from "./late.js";
export * from "./apply.js";
