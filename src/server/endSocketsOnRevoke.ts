import type { Logger } from "./AuthenticateSocketsOptions";
import { describeError } from "./describeError";
import { endSession, type RoomTarget } from "./endSession";
import { settleWithin } from "./settleWithin";
import type { SessionRevokeFunctions } from "./SessionRecipe";

/** Settings of {@link endSocketsOnRevoke}. */
export interface EndSocketsOnRevokeOptions {
  /**
   * Told when the sockets of a revoked session could not be ended (the revocation itself still succeeds). Messages
   * never contain a token. `null` silences them.
   * @default console
   */
  logger?: Logger | null;
  /**
   * How long a revocation waits for its sockets' ending before it answers. The ending goes on meanwhile, within
   * {@link endSession}'s own bound (its `timeoutMs`, 5 s: the nodes' listing, or an emitter's retries while its Redis
   * client reconnects), and a final failure is logged then. A sign-out never waits longer than this for Redis.
   * @default 1000
   */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 1000;

/**
 * An override of supertokens-node's Session recipe functions that ends the sockets of every session the backend
 * revokes: sign-out (`POST /auth/signout`) and token theft (`revokeSession`), the dashboard
 * (`revokeMultipleSessions`) and `revokeAllSessionsForUser`, whoever calls them. `target` is what
 * {@link endSession} takes: the `Server` or a `Namespace` in the same process, or a Redis emitter in an API
 * process that runs no socket.io server, so the sockets end on every node.
 *
 * `Session.init({ override: { functions: (original) => endSocketsOnRevoke(io)(original) } })`, or under the app's
 * own override: `(original) => { const base = endSocketsOnRevoke(io)(original); return { ...base, … } }`.
 *
 * Each revocation answers what the original answered, once the sockets are told to end, or after `timeoutMs` while
 * Redis is unreachable (the ending goes on). Failing to reach them is logged, never turned into an error: the session
 * is revoked either way. Deleting a user on the core and plain expiry do not pass through these functions:
 * `checkDatabase` refuses such a session at its next verification.
 */
export function endSocketsOnRevoke(target: RoomTarget, options: EndSocketsOnRevokeOptions = {}) {
  const logger = options.logger === undefined ? console : options.logger;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== "number" || Number.isNaN(timeoutMs) || timeoutMs < 0) throw new TypeError("endSocketsOnRevoke: `timeoutMs` must be a number >= 0");
  const end = async (sessionHandles: readonly string[]): Promise<void> => {
    if (sessionHandles.length === 0) return;
    const ending = Promise.allSettled(sessionHandles.map((handle) => endSession(target, handle))).then((results) => {
      const failed = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
      if (failed.length > 0) {
        logger?.warn(
          `supertokens-socket: the sockets of ${failed.length} revoked session(s) could not be ended (${describeError(failed[0]!.reason)}); ` +
            "their tokens stay usable until they expire unless authenticateSockets checks the database.",
        );
      }
    });
    // Past timeoutMs the revocation answers; the ending goes on, and logs its own failure.
    await settleWithin(ending, timeoutMs, () => new Error("still ending")).catch(() => {});
  };

  return <T extends SessionRevokeFunctions>(original: T): T => {
    const wrapped = callingThrough(original);
    wrapped.revokeSession = async (input) => {
      const result = await original.revokeSession(input);
      await end([input.sessionHandle]);
      return result;
    };
    wrapped.revokeMultipleSessions = async (input) => {
      const result = await original.revokeMultipleSessions(input);
      await end(input.sessionHandles);
      return result;
    };
    wrapped.revokeAllSessionsForUser = async (input) => {
      const result = await original.revokeAllSessionsForUser(input);
      await end(result);
      return result;
    };
    return wrapped;
  };
}

/**
 * A copy of the recipe whose every function calls through `original`. supertokens-js-override's `original` is a
 * proxy whose functions work only when called ON it: spread into another object (as the docs' overrides do with
 * ours) they would throw "This function should only be called through the recipe object".
 */
function callingThrough<T extends object>(original: T): T {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(original)) {
    if (key === "_call") continue; // the proxy's own dispatcher
    const value = (original as Record<string, unknown>)[key];
    copy[key] =
      typeof value === "function" ? (...args: unknown[]) => (original as Record<string, (...a: unknown[]) => unknown>)[key]!(...args) : value;
  }
  return copy as T;
}
