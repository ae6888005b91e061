/**
 * The contract's named shapes. Every schema given a name here becomes one entry of
 * `components.schemas` in server/openapi.yaml (server/scripts/openapi.ts); the others are written
 * inline. Names and descriptions live in zod's global registry (what `.meta()` writes), which nothing
 * else in Concord uses.
 */
import type { z } from "zod";

/** Registers `schema` under `id` (its OpenAPI component name), with a sentence for the generated document. */
export function named<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  return schema.meta(description === undefined ? { id } : { id, description }) as T;
}

/** Describes a schema that stays inline (a field, a parameter). */
export function described<T extends z.ZodType>(schema: T, description: string, example?: unknown): T {
  return schema.meta(example === undefined ? { description } : { description, example }) as T;
}
