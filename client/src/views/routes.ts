/**
 * Hash routes, so that the server only has to serve `index.html` and a link to a document survives a
 * reload: `#/` (documents), `#/documents/new` (the Secretariat imports or starts one), `#/documents/<id>`
 * with an optional view, `#/documents/<id>/rounds[/<roundId>]` (the Secretariat's comment rounds),
 * `#/practice`.
 */
export type DocumentView = "markup" | "proposed" | "original" | "print";
export const DOCUMENT_VIEWS: readonly DocumentView[] = ["markup", "proposed", "original", "print"];

export type Route =
  | { readonly name: "documents" }
  /** The Secretariat imports a text or starts a blank document (NewDocument.tsx). */
  | { readonly name: "new-document" }
  | { readonly name: "document"; readonly id: string; readonly view: DocumentView }
  /** The Secretariat's comment rounds of a document (views/rounds/). */
  | { readonly name: "rounds"; readonly id: string; readonly roundId: string | null }
  | { readonly name: "practice"; readonly view: DocumentView }
  /** The Secretariat's note of a round (views/note/). */
  | { readonly name: "note"; readonly roundId: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "");
  const [pathname = "", query = ""] = path.split("?", 2);
  const params = new URLSearchParams(query);
  const viewParam = params.get("view");
  const view = (DOCUMENT_VIEWS as readonly string[]).includes(viewParam ?? "") ? viewParam as DocumentView : "markup";
  const parts = pathname.split("/").filter(Boolean);
  if (parts[0] === "documents" && parts[1] === "new" && parts.length === 2) return { name: "new-document" };
  if (parts[0] === "documents" && parts[1] && parts[2] === "rounds") {
    try {
      return { name: "rounds", id: decodeURIComponent(parts[1]), roundId: parts[3] ? decodeURIComponent(parts[3]) : null };
    } catch {
      return { name: "documents" };
    }
  }
  if (parts[0] === "documents" && parts[1]) {
    try {
      return { name: "document", id: decodeURIComponent(parts[1]), view };
    } catch {
      return { name: "documents" };
    }
  }
  if (parts[0] === "practice") return { name: "practice", view };
  if (parts[0] === "rounds" && parts[1] && parts[2] === "note") {
    try {
      return { name: "note", roundId: decodeURIComponent(parts[1]) };
    } catch {
      return { name: "documents" };
    }
  }
  return { name: "documents" };
}

export function routeHash(route: Route): string {
  const view = (route.name === "document" || route.name === "practice") && route.view !== "markup" ? `?view=${route.view}` : "";
  switch (route.name) {
    case "documents": return "#/";
    case "new-document": return "#/documents/new";
    case "document": return `#/documents/${encodeURIComponent(route.id)}${view}`;
    case "practice": return `#/practice${view}`;
    case "rounds": return `#/documents/${encodeURIComponent(route.id)}/rounds${route.roundId ? `/${encodeURIComponent(route.roundId)}` : ""}`;
    case "note": return `#/rounds/${encodeURIComponent(route.roundId)}/note`;
  }
}
