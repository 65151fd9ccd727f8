// @vitest-environment node
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useAuthedSocket } from "supertokens-socket/react";
import { startIssuer, type Issuer } from "../support/jwks";
import { startSeedServer, type SeedServer } from "../support/seedServer";
import { fakeSession } from "../support/fakeSession";
import { countingIo, serverSockets, sessionOptions } from "./support";

// A server: no window, no document. Rendering must neither throw nor connect.
let issuer: Issuer;
let server: SeedServer;

beforeAll(async () => {
  issuer = await startIssuer();
  server = await startSeedServer(issuer.jwksUri);
});
afterAll(async () => {
  await server.close();
  await issuer.close();
});

describe("server-side rendering", () => {
  it("renders the starting status with renderToString and opens nothing", async () => {
    expect(typeof window).toBe("undefined");
    const session = fakeSession(issuer);
    await session.signIn("ola");
    const counter = countingIo();
    let reads = 0;
    const getAccessToken = () => {
      reads++;
      return session.getAccessToken();
    };
    function Badge({ enabled }: { enabled: boolean }) {
      const { status, socket } = useAuthedSocket(server.url, { ...sessionOptions(session), getAccessToken, io: counter.io, enabled });
      return <p>{`${status}:${socket === undefined}`}</p>;
    }

    expect(renderToString(<Badge enabled />)).toBe("<p>connecting:true</p>");
    expect(renderToString(<Badge enabled={false} />)).toBe("<p>idle:true</p>");
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    expect(reads).toBe(0);
    expect(counter.created).toHaveLength(0);
    expect(server.handshakes).toBe(0);
    expect(serverSockets(server)).toBe(0);
  });
});
