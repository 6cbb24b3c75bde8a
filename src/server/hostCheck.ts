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
 * allowed("[::1]evil")                  // false: not a URL authority
 */

const loopbackNames = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * The host name of a Host header read as a URL authority (`host[:port]`),
 * lower-cased, without its port or a final dot; undefined when it is not
 * one (`[::1]evil`, `localhost:4321/x`, `user@host`, `a b`).
 */
function hostName(host: string): string | undefined {
  if (!/^[A-Za-z0-9._~%!$&'()*+,;=:[\]-]+$/.test(host)) return undefined;
  let url: URL;
  try {
    url = new URL(`http://${host}`);
  } catch {
    return undefined;
  }
  const port = url.port === "" ? "" : `:${url.port}`;
  const written = host.toLowerCase().replace(/:80$/, "").replace(/\.(?=$|:)/, "");
  if (url.username || url.password || url.pathname !== "/" || url.search || url.hash || `${url.hostname.replace(/\.$/, "")}${port}` !== written) return undefined;
  return url.hostname.replace(/\.$/, "");
}

function isLoopbackBind(listenHost: string): boolean {
  return loopbackNames.has(listenHost.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(listenHost);
}

/** A check for Host headers; `undefined` (HTTP/1.0 without Host) passes, since browsers always send one. */
export function hostPolicy(listenHost: string, allowedHosts: readonly string[]): (host: string | undefined) => boolean {
  const listed = new Set(allowedHosts.map((h) => hostName(h) ?? h.toLowerCase()));
  const open = listed.size === 0 && !isLoopbackBind(listenHost);
  return (host) => {
    if (host === undefined) return true;
    const name = hostName(host);
    if (name === undefined) return false;
    return open || loopbackNames.has(name) || name.endsWith(".localhost") || listed.has(name);
  };
}
