// The Secretariat's note: model and builder (SPEC.md). Renderers live in server/src/export/.
export * from "./types.js";
export * from "./input.js";
export * from "./build.js";
export { countInWords, formatDate as formatUnDate, formatDateRange as formatUnDateRange, parseCalendarDate, type CalendarDate } from "./dates.js";
export * from "./rich-text.js";
export * from "./template.js";
export * from "./text.js";
export { buildProposals, type DelegationResolver, type ProposalsResult } from "./proposals.js";
export * from "./from-round.js";
