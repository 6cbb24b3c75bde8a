/**
 * Security headers. Every reply gets `nosniff`, a Referrer-Policy and a
 * CSP that allows nothing (API replies and plain files are never
 * documents). Pages get a CSP the lesson runs under — scripts from the
 * site plus their inline scripts by hash, WebAssembly, workers,
 * `connect-src` from CSP_CONNECT_SRC — and COOP/COEP, so the page is
 * cross-origin isolated (a multi-threaded WebAssembly engine needs
 * SharedArrayBuffer). Scripts get the policy a worker made from them runs
 * under: the kernel compiles the reader's cells, so it may evaluate code.
 *
 * @example
 * pageHeaders(html, "'self' https:")["content-security-policy"] // "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-…'; …"
 */
import { createHash } from "node:crypto";

export const baseHeaders: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "x-frame-options": "DENY",
};

const isolation = {
  "cross-origin-opener-policy": "same-origin",
  // credentialless rather than require-corp: images and fetches to other origins still load (without cookies), and the reader's model servers need no CORP header.
  "cross-origin-embedder-policy": "credentialless",
  "cross-origin-resource-policy": "same-origin",
};

const executable = /^\s*(?:type\s*=\s*["']?(?:module|text\/javascript|application\/javascript)["']?\s*)?$/i;

/** `'sha256-…'` sources of a page's inline scripts (data blocks such as JSON are not scripts and need none). */
function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const [, attributes = "", body = ""] = match;
    if (/\bsrc\s*=/i.test(attributes) || !executable.test(attributes) || body === "") continue;
    hashes.add(`'sha256-${createHash("sha256").update(body).digest("base64")}'`);
  }
  return [...hashes];
}

/** Headers of an HTML page. */
export function pageHeaders(html: string, connectSrc: string): Record<string, string> {
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${inlineScriptHashes(html).join(" ")}`.trimEnd(),
    // Highlighted code carries its colours in style attributes, which no hash can allow.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connectSrc}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return { "content-security-policy": policy, ...isolation };
}

/** Headers of a script: the policy of a worker started from it (the page's policy governs scripts it includes). */
export function scriptHeaders(connectSrc: string): Record<string, string> {
  const policy = [
    "default-src 'self'",
    "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval' blob:",
    `connect-src ${connectSrc}`,
    "worker-src 'self' blob:",
    "img-src 'self' data: blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
  return { "content-security-policy": policy, ...isolation };
}

/** Headers of any other site file (images, fonts, wasm, data). */
export const fileHeaders: Record<string, string> = { "cross-origin-resource-policy": "same-origin" };
