// Vite build of the browser client. The server serves `client/dist`; in development Vite forwards the
// API and the collaboration socket to the server on port 8080.
import { defineConfig } from "vite";

const server = process.env.CONCORD_SERVER ?? "http://localhost:8080";

export default defineConfig({
  base: "/",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  resolve: {
    // one copy of each: two Yjs or ProseMirror instances break the binding in subtle ways
    dedupe: ["yjs", "lib0", "y-protocols", "prosemirror-model", "prosemirror-state", "prosemirror-view", "prosemirror-transform"],
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, target: "es2022" },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: server, changeOrigin: false },
      "/collab": { target: server.replace(/^http/, "ws"), ws: true },
    },
  },
});
