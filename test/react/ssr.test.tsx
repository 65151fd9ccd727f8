// @vitest-environment node
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { useAuthedSocket } from "supertokens-socket/react";
import { fakeSession } from "../support/fakeSession";
import { countingIo, serverSockets, sessionOptions } from "./support";
import { useFixture } from "../support/fixture";

// A server: no window, no document. Rendering must neither throw nor connect.
const fx = useFixture({ seed: true });

describe("server-side rendering", () => {
  it("renders the starting status with renderToString and opens nothing", async () => {
    expect(typeof window).toBe("undefined");
    const session = fakeSession(fx.issuer);
    await session.signIn("ola");
    const counter = countingIo();
    let reads = 0;
    const getAccessToken = () => {
      reads++;
      return session.getAccessToken();
    };
    function Badge({ enabled }: { enabled: boolean }) {
      const { status, socket } = useAuthedSocket(fx.seed.url, { ...sessionOptions(session), getAccessToken, io: counter.io, enabled });
      return <p>{`${status}:${socket === undefined}`}</p>;
    }

    expect(renderToString(<Badge enabled />)).toBe("<p>connecting:true</p>");
    expect(renderToString(<Badge enabled={false} />)).toBe("<p>idle:true</p>");
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    expect(reads).toBe(0);
    expect(counter.created).toHaveLength(0);
    expect(fx.seed.handshakes).toBe(0);
    expect(serverSockets(fx.seed)).toBe(0);
  });
});
