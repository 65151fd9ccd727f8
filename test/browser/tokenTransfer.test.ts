import { describe, expect, it } from "vitest";
import { untilLogged, untilStatus } from "./support/pages";
import { browserSuite } from "./support/suite";

/*
 * Scenario 4 of "End-to-end in a real browser", the modes where the page can read the token: header-based auth, and
 * cookie-based auth with `exposeAccessTokenToFrontendInCookieBasedAuth: true`. The backend lets the frontend choose
 * (`getTokenTransferMethod: "any"`). Cookie mode WITHOUT exposure (TOKEN_NOT_EXPOSED) is in cookieTransport.test.ts,
 * whose backend does not expose the token.
 */

const suite = browserSuite({ accessTokenLifetimeMs: 20_000, tokenTransferMethod: "any", exposeAccessToken: true, socketPort: 0 });

/** The token the server's socket of `userId` presented in its handshake query. */
function handshakeToken(userId: string): unknown {
  const socket = [...suite.stack.io.of("/").sockets.values()].find((s) => s.data.userId === userId);
  return socket?.handshake.query.token;
}

describe("token transfer methods in Chromium", () => {
  it.each([
    { method: "header" as const, user: "header-user" },
    { method: "cookie" as const, user: "cookie-exposed-user" },
  ])("4. $method-based auth: the page reads the token, connects with it and rotates it in place", async ({ method, user }) => {
    const page = await suite.open("/umd.html", { tokenTransferMethod: method });
    await page.evaluate((n) => window.harness.signIn(n), user);

    const cookies = await suite.context.cookies();
    const cookie = (name: string) => cookies.find((c) => c.name === name);
    if (method === "header") {
      // Header mode: the SDK keeps the token in a cookie of the page's domain; the backend set no session cookies.
      expect(cookie("sAccessToken")).toBeUndefined();
      expect(cookie("st-access-token")?.httpOnly).toBe(false);
    } else {
      // Cookie mode: the backend's httpOnly session cookie, and (exposure) the same token for page scripts.
      expect(cookie("sAccessToken")?.httpOnly).toBe(true);
      expect(cookie("sAccessToken")?.sameSite).toBe("Lax");
      expect(cookie("st-access-token")?.value).toBe(cookie("sAccessToken")?.value);
    }
    const pageToken = cookie("st-access-token")?.value;

    expect(await page.evaluate((url) => window.harness.connect(url), suite.stack.socketUrl)).toEqual({ ok: true });
    await untilStatus(page, "connected");
    expect(await page.evaluate(() => window.harness.whoami())).toBe(user);
    // tokenIn "query" (the default): the token the SDK gives the page is the one the server saw.
    expect(handshakeToken(user)).toBe(pageToken);

    // A rotation on demand: a refresh, then the fresh token handed over on the open connection.
    const before = await page.evaluate(() => window.harness.state().expiresAt!);
    await page.evaluate(() => window.harness.rotate());
    const [rotated] = await untilLogged(page, "token", { match: { inPlace: true } });
    expect(rotated!.expiresAt).toBeGreaterThanOrEqual(before);
    expect(suite.log.of(user).map((a) => a.kind)).toEqual(["accept", "reauth"]);
    expect(await page.evaluate(() => window.harness.whoami())).toBe(user);
    expect(suite.log.connected(user)).toBe(1);
  });
});
