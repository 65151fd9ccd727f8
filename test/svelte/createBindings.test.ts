// @vitest-environment jsdom
// createBindings over another entry's followSession: the store follows the function it was given.
import { afterEach, describe, expect, it } from "vitest";
import { createBindings } from "supertokens-socket/svelte";
import { fakeSession } from "../support/fakeSession";
import { useFixture } from "../support/fixture";
import { until } from "../support/wait";
import { serverSockets, sessionOptions } from "../react/support";
import { recordingFollow } from "../bindings/followed";

const fx = useFixture({ seed: true });
const subscriptions: (() => void)[] = [];
afterEach(async () => {
  subscriptions.splice(0).forEach((unsubscribe) => unsubscribe());
  await until(() => serverSockets(fx.seed) === 0, "every connection closed");
});

describe("createBindings (Svelte)", () => {
  it("authedSocket connects through the followSession it was given", async () => {
    const session = fakeSession(fx.issuer);
    await session.signIn("ada");
    const { follow, followed } = recordingFollow();
    const { authedSocket, socketEvent } = createBindings(follow);
    expect(typeof socketEvent).toBe("function");
    let status = "";
    subscriptions.push(authedSocket(fx.seed.url, sessionOptions(session)).subscribe((value) => (status = value.status)));
    await until(() => status === "connected", "connected");
    expect(followed).toEqual([fx.seed.url]);
  });
});
