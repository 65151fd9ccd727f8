// @vitest-environment jsdom
// createBindings over another entry's followSession: the composables follow the function they were given.
import { afterEach, describe, expect, it } from "vitest";
import { effectScope } from "vue";
import { createBindings } from "supertokens-socket/vue";
import { fakeSession } from "../support/fakeSession";
import { useFixture } from "../support/fixture";
import { until } from "../support/wait";
import { serverSockets, sessionOptions } from "../react/support";
import { recordingFollow } from "../bindings/followed";

const fx = useFixture({ seed: true });
const scopes: (() => void)[] = [];
afterEach(async () => {
  scopes.splice(0).forEach((stop) => stop());
  await until(() => serverSockets(fx.seed) === 0, "every connection closed");
});

describe("createBindings (Vue)", () => {
  it("useAuthedSocket and provideAuthedSocket connect through the followSession they were given", async () => {
    const session = fakeSession(fx.issuer);
    await session.signIn("ada");
    const { follow, followed } = recordingFollow();
    const { useAuthedSocket, provideAuthedSocket, injectAuthedSocket, useSocketEvent } = createBindings(follow);
    expect(typeof injectAuthedSocket).toBe("function");
    expect(typeof useSocketEvent).toBe("function");
    const scope = effectScope();
    scopes.push(() => scope.stop());
    const chat = scope.run(() => useAuthedSocket(fx.seed.url, sessionOptions(session)))!;
    await until(() => chat.status.value === "connected", "connected");
    expect(followed).toEqual([fx.seed.url]);

    // provideAuthedSocket outside a component provides nothing but still connects through the given function.
    const provider = effectScope();
    scopes.push(() => provider.stop());
    const shared = provider.run(() => provideAuthedSocket(`${fx.seed.url}/`, sessionOptions(session)))!;
    await until(() => shared.status.value === "connected", "the provided one connected");
    expect(followed).toEqual([fx.seed.url, `${fx.seed.url}/`]);
  });
});
