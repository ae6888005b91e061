// Writes server/openapi.yaml from the contract (shared/src/contract). `--check` fails when the file is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderOpenApi } from "../src/http/openapi.js";

const file = fileURLToPath(new URL("../openapi.yaml", import.meta.url));
const text = renderOpenApi();
if (process.argv.includes("--check")) {
  if (readFileSync(file, "utf8") !== text) {
    console.error("server/openapi.yaml is stale: run `pnpm --filter @concord/server run openapi`.");
    process.exit(1);
  }
} else {
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
