// The time from a sign-out request (POST /auth/signout, another device's or an admin's: the session is revoked on the
// backend) to the client's `unauthenticated`: endSocketsOnRevoke ends the socket, the client's refresh answers 401.
import { createAuthedSocket } from "supertokens-socket";
import type { Stack } from "../demo/stack";
import { refreshWith, signInForTokens } from "../test/stack/support/signInForTokens";
import { now, stats, until } from "./support";

export async function signOutLatency(stack: Stack, runs: number) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    let session = await signInForTokens(stack.apiDomain, `signout-${i}`);
    const handle = await createAuthedSocket(stack.socketUrl, {
      getAccessToken: async () => session.accessToken,
      // Header mode, as supertokens-web-js would do it: 401 ends the session, a new pair otherwise.
      attemptRefreshingSession: async () => {
        const res = await refreshWith(stack.apiDomain, session.refreshToken);
        if (res.status === 401) return false;
        if (res.status !== 200) throw new Error(`refresh answered ${res.status}`);
        session = { ...session, accessToken: res.headers.get("st-access-token")!, refreshToken: res.headers.get("st-refresh-token")! };
        return true;
      },
      transports: ["websocket"],
    });
    try {
      await until(() => handle.status === "connected", "the socket to connect");
      let endedAt: number | undefined;
      handle.on("unauthenticated", () => void (endedAt ??= now()));
      const t0 = now();
      const res = await fetch(`${stack.apiDomain}/auth/signout`, {
        method: "POST",
        headers: { authorization: `Bearer ${session.accessToken}`, "st-auth-mode": "header", rid: "session" },
      });
      if (res.status !== 200) throw new Error(`sign-out answered ${res.status}`);
      await until(() => endedAt !== undefined, "unauthenticated after the sign-out");
      times.push(endedAt! - t0);
    } finally {
      handle.close();
    }
  }
  return { ...stats(times, 1), note: "POST /auth/signout to the client's unauthenticated (socket ended, then its refresh answered 401), loopback" };
}
