// `crossTab` is per handle (issue 12, defect 6).
import { describe, expect, it } from "vitest";
import { createAuthedSocket, handleSessionEvent } from "supertokens-socket";
import { fakeSession } from "../support/fakeSession";
import { nextEvent, until, connected } from "../support/wait";
import { useFixture } from "../support/fixture";

const fx = useFixture({ seed: true });

/** Another tab of the origin: what it hears, and a way to speak. */
function otherTab() {
  const channel = new BroadcastChannel("supertokens-socket");
  const heard: unknown[] = [];
  channel.onmessage = (event) => heard.push(event.data);
  return { heard, say: (data: string) => channel.postMessage(data), close: () => channel.close() };
}

describe("crossTab: false is per handle", () => {
  it("another tab's sign-out ends the handles that listen to other tabs, not the one that said crossTab: false", async () => {
    const tab = fx.track(otherTab());
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("ann");
    // The deaf handle first: the channel must not depend on who asked first.
    const deaf = fx.track(await createAuthedSocket(fx.seed.url, { ...session, crossTab: false }));
    const listening = fx.track(await createAuthedSocket(fx.seed.url, session));
    await connected(deaf);
    await connected(listening);
    const ended = nextEvent(listening, "unauthenticated");
    tab.say("signed-out");
    expect((await ended).reason).toBe("signed-out");
    // The channel delivered it to this page; the deaf handle was not told.
    expect(deaf.status).toBe("connected");
  });

  it("a page whose live handles all said crossTab: false tells the other tabs nothing", async () => {
    const tab = fx.track(otherTab());
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("bo");
    const deaf = fx.track(await createAuthedSocket(fx.seed.url, { ...session, crossTab: false }));
    await connected(deaf);
    handleSessionEvent({ action: "REFRESH_SESSION" });
    handleSessionEvent({ action: "SIGN_OUT" });
    expect(deaf.status).toBe("unauthenticated");
    // Now the page has no live handle: its news goes out again, so the earlier silence was the setting's doing.
    handleSessionEvent({ action: "SESSION_CREATED" });
    await until(() => tab.heard.length > 0, "the other tab to hear the sign-in");
    expect(tab.heard).toEqual(["session-created"]);
  });
});
