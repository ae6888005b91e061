// The Secretariat's note: model and builder (SPEC.md). Renderers live in server/src/export/.
export * from "./types.js";
export * from "./input.js";
export * from "./build.js";
export { countInWords, deadlineParts, formatDate as formatUnDate, formatDateRange as formatUnDateRange, parseCalendarDate, type CalendarDate } from "./dates.js";
export * from "./rich-text.js";
export * from "./template.js";
export * from "./text.js";
export { buildProposals, type DelegationResolver, type ProposalsOptions, type ProposalsResult } from "./proposals.js";
export { documentNote, mastheadOfMetadata } from "./document.js";
export { escapeHtml, cssString } from "./escape.js";
export { unTypography } from "./typography.js";
export * from "./from-round.js";
