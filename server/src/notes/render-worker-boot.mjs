// The render worker's entry (NS10): worker threads do not take tsx's loader from execArgv, so the worker
// loads its TypeScript module through tsx's API, as the server itself runs through tsx.
import { tsImport } from "tsx/esm/api";

await tsImport("./render-worker.ts", import.meta.url);
