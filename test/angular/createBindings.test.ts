// @vitest-environment jsdom
// createBindings over another entry's followSession: injectAuthedSocket follows the function it was given.
import "@angular/compiler";
import { afterEach, describe, expect, it } from "vitest";
import { createBindings } from "supertokens-socket/angular";
import { fakeSession } from "../support/fakeSession";
import { useFixture } from "../support/fixture";
import { until } from "../support/wait";
import { serverSockets, sessionOptions } from "../react/support";
import { recordingFollow } from "../bindings/followed";
import { destroyAll, inContext, startApp } from "./support";

const fx = useFixture({ seed: true });
afterEach(async () => {
  destroyAll();
  await until(() => serverSockets(fx.seed) === 0, "every connection closed");
});

describe("createBindings (Angular)", () => {
  it("injectAuthedSocket connects through the followSession it was given, and keeps its name in Angular's error", async () => {
    const session = fakeSession(fx.issuer);
    await session.signIn("ada");
    const { follow, followed } = recordingFollow();
    const { injectAuthedSocket, injectSocketEvent } = createBindings(follow);
    expect(typeof injectSocketEvent).toBe("function");
    const app = await startApp();
    const { value: chat } = inContext(app, () => injectAuthedSocket(fx.seed.url, sessionOptions(session)));
    await until(() => chat.status() === "connected", "connected");
    expect(followed).toEqual([fx.seed.url]);
    expect(() => injectAuthedSocket(fx.seed.url)).toThrow(/injectAuthedSocket\(\)/);
  });
});
