import { describe, expect, it } from "vitest";
import { startStack, type StackOptions } from "../../demo/stack";
import { until } from "../support/wait";
import { signInForTokens } from "./support/signInForTokens";
import { connectChat, whoami } from "./support/socketClient";

/* Stacks started one after another in one process, each with its own settings (supertokens-node re-initialised). */

const tcpHandles = () =>
  process.getActiveResourcesInfo().filter((kind) => kind === "TCPServerWrap" || kind === "TCPSocketWrap").length;

describe("startStack", () => {
  it.each<[string, StackOptions, { cookie: boolean; header: boolean }]>([
    ["header mode", { tokenTransferMethod: "header" }, { cookie: false, header: true }],
    ["cookie mode exposing the token", { tokenTransferMethod: "cookie" }, { cookie: true, header: true }],
    [
      "cookie mode keeping the token from page scripts",
      { tokenTransferMethod: "cookie", exposeAccessToken: false },
      { cookie: true, header: false },
    ],
  ])("hosts %s, after other settings in the same process", async (_, options, expected) => {
    const stack = await startStack(options);
    try {
      const res = await fetch(`${stack.apiDomain}/signin`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "alice" }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie().some((c) => c.startsWith("sAccessToken="))).toBe(expected.cookie);
      expect(res.headers.has("st-access-token")).toBe(expected.header);
      // This stack's backend talks to this stack's core, not to one left over from an earlier init.
      expect(stack.core.calls["POST /recipe/session"]).toBe(1);
    } finally {
      await stack.close();
    }
  });

  it("refuses a second stack while one is open: supertokens-node's configuration is process-wide", async () => {
    const stack = await startStack();
    try {
      await expect(startStack()).rejects.toThrow(/already running/);
    } finally {
      await stack.close();
    }
  });

  it("puts the socket server on its own port when asked", async () => {
    const stack = await startStack({ socketPort: 0, tokenTransferMethod: "header" });
    try {
      expect(stack.socketUrl).not.toBe(stack.apiDomain);
      const { accessToken } = await signInForTokens(stack.apiDomain, "alice");
      const socket = await connectChat(stack.socketUrl, accessToken);
      expect(await whoami(socket)).toBe("alice");
      socket.close();
    } finally {
      await stack.close();
    }
  });

  it("has no emulator to inspect when pointed at a real core", async () => {
    const stack = await startStack({ connectionURI: "http://127.0.0.1:9" });
    try {
      expect(() => stack.core).toThrow(/real SuperTokens core/);
    } finally {
      await stack.close();
    }
  });

  it("closes every server and connection it opened; a second close is harmless", async () => {
    const before = tcpHandles();
    const stack = await startStack({ tokenTransferMethod: "header" });
    const { accessToken } = await signInForTokens(stack.apiDomain, "alice");
    await fetch(`${stack.apiDomain}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    const socket = await connectChat(stack.socketUrl, accessToken);
    expect(tcpHandles()).toBeGreaterThan(before);

    await stack.close();
    await stack.close();
    socket.close();

    await until(() => tcpHandles() <= before, "every TCP handle to close", 5000);
    await expect(fetch(`${stack.apiDomain}/me`)).rejects.toThrow();
  });
});
