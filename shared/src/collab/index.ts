export * from "./roots.js";
export * from "./mark-keys.js";
export * from "./read.js";
export * from "./write.js";
export * from "./annotations-map.js";
export * from "./inspect-update.js";
export * from "./validator.js";
export * from "./noop.js";
