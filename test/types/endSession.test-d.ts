import { describe, expectTypeOf, it } from "vitest";
import type { Namespace, Server } from "socket.io";
import type { Emitter } from "@socket.io/redis-emitter";
import { endSession, endUserSessions, type RoomTarget } from "supertokens-socket/server";

describe("endSession's targets", () => {
  it("counts with a Server or a Namespace", () => {
    expectTypeOf(endSession({} as Server, "sh")).toEqualTypeOf<Promise<number>>();
    expectTypeOf(endUserSessions({} as Namespace, "u")).toEqualTypeOf<Promise<number>>();
  });

  it("may not count with an emitter, or any room target", () => {
    expectTypeOf(endSession({} as Emitter, "sh")).toEqualTypeOf<Promise<number | undefined>>();
    expectTypeOf(endUserSessions({} as RoomTarget, "u")).toEqualTypeOf<Promise<number | undefined>>();
  });

  it("takes nothing without `.in(room).disconnectSockets()`", () => {
    // @ts-expect-error: not a room target
    void endSession({ fetchSockets: async () => [] }, "sh");
  });
});
