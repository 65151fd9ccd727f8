import type { Socket } from "socket.io";

/** A `Host` value: a DNS name or IPv4 address, or a bracketed IPv6 address, and an optional port. Nothing else. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The origin of the page that made this handshake, as the browser vouches for it (page scripts can set neither
 * `Origin`, `Sec-Fetch-Site` nor `Host`), or undefined when it does not:
 * - `Origin` present: that origin. Browsers send it on every WebSocket handshake and every cross-origin request.
 * - no `Origin` and `Sec-Fetch-Site: same-origin`: the request's own origin, its scheme and `Host`. A browser sends
 *   no `Origin` on a same-origin GET, which is socket.io's first long-polling request, whose headers are the
 *   handshake's. `same-origin` also holds only if every redirect on the way was same-origin.
 * - anything else: no browser vouches for the page. Neither header (not a browser, or a request stripped on its
 *   way), `cross-site` or `same-site` without `Origin` (a sibling site's `<img>`, a navigation: not a page's socket),
 *   `none` (the user typed the URL).
 *
 * The scheme is the connection's own (`https` over TLS), or with `trustForwardedProto` the last `X-Forwarded-Proto`
 * value: the one the nearest proxy set.
 */
export function pageOrigin(handshake: Socket["handshake"], trustForwardedProto: boolean): string | undefined {
  const headers = handshake.headers;
  const origin = headers.origin;
  if (origin !== undefined) return origin;
  if (headers["sec-fetch-site"] !== "same-origin") return undefined;
  // HTTP/2 carries the host in :authority.
  const host = headers.host ?? headers[":authority"];
  if (typeof host !== "string" || !HOST.test(host)) return undefined;
  const scheme = requestScheme(handshake, trustForwardedProto);
  if (scheme === undefined) return undefined;
  try {
    // Browsers leave a default port out of Origin: so does URL's origin.
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return undefined; // a port over 65535
  }
}

function requestScheme(handshake: Socket["handshake"], trustForwardedProto: boolean): "http" | "https" | undefined {
  const forwarded = trustForwardedProto ? handshake.headers["x-forwarded-proto"] : undefined;
  if (forwarded === undefined) return handshake.secure ? "https" : "http";
  const last = (Array.isArray(forwarded) ? forwarded.join(",") : forwarded).split(",").pop()!.trim().toLowerCase();
  return last === "https" || last === "http" ? last : undefined;
}
