import { describe, expectTypeOf, it } from "vitest";
import type { Server } from "socket.io";
import type { Emitter } from "@socket.io/redis-emitter";
import Session, * as SessionNamespace from "supertokens-node/recipe/session";
import type { RecipeInterface } from "supertokens-node/recipe/session";
import { BooleanClaim } from "supertokens-node/recipe/session/claims";
import { authenticateSockets, endSocketsOnRevoke, type SessionRecipe } from "supertokens-socket/server";

type SessionInit = NonNullable<Parameters<typeof Session.init>[0]>;
type Functions = NonNullable<NonNullable<SessionInit["override"]>["functions"]>;

describe("supertokens-node's own types fit the structural ones", () => {
  it("takes the Session recipe, as a default import or a namespace", () => {
    expectTypeOf(Session).toExtend<SessionRecipe>();
    expectTypeOf(SessionNamespace).toExtend<SessionRecipe>();
    const Chat = new BooleanClaim({ key: "chat", fetchValue: () => true });
    authenticateSockets({
      sessionRecipe: Session,
      checkDatabase: true,
      overrideGlobalClaimValidators: (globals) => [...globals, Chat.validators.isTrue()],
    });
  });

  it("endSocketsOnRevoke is an override of the recipe's functions, alone or under the app's own", () => {
    const alone: Functions = (original) => endSocketsOnRevoke({} as Server)(original);
    const composed: Functions = (original) => {
      const base = endSocketsOnRevoke({} as Emitter)(original);
      return { ...base, createNewSession: async (input) => base.createNewSession(input) };
    };
    expectTypeOf(endSocketsOnRevoke({} as Server)({} as RecipeInterface)).toEqualTypeOf<RecipeInterface>();
    void alone;
    void composed;
  });
});
