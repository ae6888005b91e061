/**
 * Entry points of the note page for the rest of the client (the round page links here): the page, its
 * address, and a link to put on a closed round.
 */
export { NotePage } from "./NotePage.js";
export { NoteLink, noteHref } from "./NoteLink.js";
