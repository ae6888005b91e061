// The Secretariat's note of a closed round, on the server (SPEC.md): service, jobs, formats, template store.
export * from "./formats.js";
export * from "./rounds.js";
export * from "./browser.js";
export * from "./jobs.js";
export * from "./renderer.js";
export * from "./template-store.js";
export * from "./service.js";
