import * as Y from "yjs";
import { annotationProblem, type Annotation, type Annotations } from "../tracking/annotations.js";

/**
 * The raw entries of the `annotations` map. Values must be plain JSON (ContentAny); a nested Yjs type
 * is reported as the string "<yjs type>" so that validation refuses it.
 */
export function readAnnotationEntries(map: Y.Map<unknown>): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  map.forEach((value, key) => entries.set(key, value instanceof Y.AbstractType ? "<yjs type>" : value));
  return entries;
}

/** The well-formed annotations of the map (malformed entries are skipped; the server never stores them). */
export function readAnnotations(map: Y.Map<unknown>): Annotations {
  const result = new Map<string, Annotation>();
  for (const [key, value] of readAnnotationEntries(map)) {
    if (annotationProblem(value) === null) result.set(key, value as Annotation);
  }
  return result;
}
