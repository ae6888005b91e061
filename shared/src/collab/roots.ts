/**
 * The root types of a Concord Yjs document (server/PROTOCOL.md). Nothing else may exist at the root.
 */
export const CONTENT_ROOT = "content";
export const ANNOTATIONS_ROOT = "annotations";
export const ROOT_TYPES = [CONTENT_ROOT, ANNOTATIONS_ROOT] as const;

/** The client id the server writes with (accepting and rejecting changes, imports). Clients may never use it. */
export const SERVER_CLIENT_ID = 1;
