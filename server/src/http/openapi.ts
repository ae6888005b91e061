/** server/openapi.yaml as text: the contract's OpenAPI document (shared/src/contract/openapi.ts) in YAML. */
import { stringify } from "yaml";
import { openApiDocument } from "@concord/shared/contract";
import { VERSION } from "../server.js";

export const OPENAPI_HEADER = "# Generated from shared/src/contract by `pnpm --filter @concord/server run openapi`. Do not edit.\n";

export function renderOpenApi(): string {
  return OPENAPI_HEADER + stringify(openApiDocument(VERSION), { lineWidth: 0, aliasDuplicateObjects: false });
}
