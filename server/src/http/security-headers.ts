/**
 * Security headers of every answer (http/SPEC.md HT1), by helmet. The Content-Security-Policy allows
 * what the Vite-built client needs and nothing else: its own scripts only (no inline script, no eval),
 * styles from itself and inline (ProseMirror and Preact set style attributes, and the note's preview is
 * a sandboxed `srcdoc` frame with its own `<style>`), images and fonts from itself and data: URLs (the
 * icon), connections to its own origin (the API and the `/collab` WebSocket), no plugins, and no
 * framing by anyone.
 */
import helmet from "helmet";
import type { RequestHandler } from "express";

export const CONTENT_SECURITY_POLICY = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:", "blob:"],
  "font-src": ["'self'", "data:"],
  "connect-src": ["'self'"],
  "frame-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'self'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
} as const;

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { ...CONTENT_SECURITY_POLICY } },
    // the app is never framed (frame-ancestors 'none' says the same to browsers that read CSP)
    xFrameOptions: { action: "deny" },
    referrerPolicy: { policy: "same-origin" },
    // sent on every answer; browsers heed it only over https (behind a TLS proxy). Not for subdomains:
    // they may be other applications of the host.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
  });
}
