/** The demo's backend beside `next dev` (`PORT=3001 WEBSITE_DOMAIN=http://localhost:3000 npm run demo`). */
const DEFAULT_API_DOMAIN = process.env.NEXT_PUBLIC_API_DOMAIN ?? "http://localhost:3001";

/**
 * Where the backend is: NEXT_PUBLIC_API_DOMAIN, or the demo's; the browser tests point the page anywhere with
 * `?apiDomain=http://127.0.0.1:1234` (and `&socketUrl=` when the socket server has its own port). Without `search` it
 * reads the page's own query (browser only); the components pass Next's useSearchParams(), which also answers while
 * the server renders, so the server's HTML and the first browser render agree.
 */
export function pageParams(search: { get(name: string): string | null } = new URLSearchParams(window.location.search)) {
  const apiDomain = search.get("apiDomain") ?? DEFAULT_API_DOMAIN;
  return { apiDomain, socketUrl: search.get("socketUrl") ?? apiDomain };
}

/** The demo backend's sign-in (examples/shared/backend's, which reads `window` on import: not for a server render). */
export function signIn(name: FormDataEntryValue | null): Promise<Response> {
  return fetch(`${pageParams().apiDomain}/signin`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
}
