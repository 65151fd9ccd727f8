/**
 * What went wrong since the last connection opened: after a rejection, a second one is final; unreachability is told
 * once. Never changed in place: each phase gets its own.
 */
export interface Trouble {
  readonly rejected?: true;
  readonly unreachable?: true;
}
/** Nothing went wrong. */
export const CALM: Trouble = {};

/**
 * Where a handle's connection is. One value, so no combination of flags can contradict another:
 * - `opening`: a handshake carrying `wire` is under way (opening again would send a second CONNECT).
 * - `open`: connected on `wire`; `reauth` is what the server granted on THIS connection (in-place hand-over). Each
 *   connection gets a new object: an answer about an earlier one never lands on it.
 * - `reopening`: we closed the transport to open it again with the token in use (a rotation by reconnect).
 * - `down`: no connection; a retry, a refresh or a hint (focus, online) opens the next one.
 * - `ended`: final (`unauthenticated` or `closed`).
 */
export type Phase =
  | { is: "opening"; wire: string; trouble: Trouble; since: number }
  | { is: "open"; wire: string; reauth?: boolean }
  | { is: "reopening" }
  | { is: "down"; trouble: Trouble }
  | { is: "ended" };
