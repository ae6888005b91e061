// Renderers of the Secretariat's note (SPEC.md): each takes a `Note` (shared/src/note) and gives text or bytes.
export * from "./options.js";
export * from "./markdown.js";
export * from "./html.js";
export * from "./pdf.js";
export * from "./docx.js";
export * from "./document.js";
