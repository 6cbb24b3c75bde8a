/**
 * Which `Host` headers the server answers to. A page on another site can
 * point its own name at 127.0.0.1 (DNS rebinding) and then call this API as
 * "same origin"; checking the name the browser used stops that. Loopback
 * names always pass; others only when listed in ALLOWED_HOSTS, or when the
 * server listens beyond loopback and lists none.
 *
 * @example
 * const allowed = hostPolicy("127.0.0.1", []);
 * allowed("localhost:4321")             // true
 * allowed("rebind.evil.example:4321")   // false
 */

const loopbackNames = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** The host name of a Host header, lower-cased and without its port. */
export function hostName(host: string): string {
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d*$/, "");
  return name.toLowerCase().replace(/\.$/, "");
}

function isLoopbackBind(listenHost: string): boolean {
  return loopbackNames.has(listenHost.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(listenHost);
}

/** A check for Host headers; `undefined` (HTTP/1.0 without Host) passes, since browsers always send one. */
export function hostPolicy(listenHost: string, allowedHosts: readonly string[]): (host: string | undefined) => boolean {
  const listed = new Set(allowedHosts.map((h) => hostName(h)));
  const open = listed.size === 0 && !isLoopbackBind(listenHost);
  return (host) => {
    if (host === undefined || open) return true;
    const name = hostName(host);
    return loopbackNames.has(name) || name.endsWith(".localhost") || listed.has(name);
  };
}
