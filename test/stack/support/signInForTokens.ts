/** A session as a header-mode client holds it. */
export interface HeaderSession {
  userId: string;
  sessionHandle: string;
  accessToken: string;
  refreshToken: string;
}

/** Signs in on the demo backend as a header-mode client would (no SDK): the tokens come back in headers. */
export async function signInForTokens(apiDomain: string, name: string): Promise<HeaderSession> {
  const res = await fetch(`${apiDomain}/signin`, {
    method: "POST",
    headers: { "content-type": "application/json", "st-auth-mode": "header" },
    body: JSON.stringify({ name }),
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
  const accessToken = res.headers.get("st-access-token");
  const refreshToken = res.headers.get("st-refresh-token");
  if (!accessToken || !refreshToken) throw new Error("sign-in answered without tokens in headers");
  const { userId, sessionHandle } = (await res.json()) as { userId: string; sessionHandle: string };
  return { userId, sessionHandle, accessToken, refreshToken };
}

/** Calls `{apiBasePath}/session/refresh` with a refresh token, as the SDK would in header mode. */
export function refreshWith(apiDomain: string, refreshToken: string): Promise<Response> {
  return fetch(`${apiDomain}/auth/session/refresh`, {
    method: "POST",
    headers: { authorization: `Bearer ${refreshToken}`, "st-auth-mode": "header", rid: "session" },
  });
}
