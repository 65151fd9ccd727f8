// The token source's timing, on synthetic JWTs (the signature does not matter here: the server verifies).
import { beforeEach, describe, expect, it } from "vitest";
import { tokenSource, readToken } from "../../src/core/tokens";
import { systemClock } from "../../src/core/clock";
import { NotLoggedInError } from "../../src/core/errors";

const jwt = (claims: Record<string, unknown>) =>
  `h.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.s`;
const issued = (lifetimeS: number, { at = now, sub = "u" } = {}) => {
  const iat = Math.floor(at / 1000);
  return jwt({ sub, iat, exp: iat + lifetimeS, n: Math.random() }); // n: two tokens always differ
};
/** The clock the token source reads: frozen, so two reads in one assertion agree to the millisecond. */
let now = Date.now();
const clock = { ...systemClock, now: () => now };
beforeEach(() => void (now = Date.now()));

function source(tokens: string[], marginMs?: number) {
  let current = tokens[0]!;
  let refreshes = 0;
  const ts = tokenSource(
    {
      read: async () => readToken(current),
      attemptRefreshingSession: async () => {
        current = tokens[Math.min(++refreshes, tokens.length - 1)]!;
        return true;
      },
      live: () => true,
    },
    marginMs,
    1_000,
    clock,
  );
  return { ts, refreshes: () => refreshes };
}

describe("readToken", () => {
  const payload = (bytes: Buffer) => `h.${bytes.toString("base64url")}.s`;

  it("reads a payload in base64url, its text as UTF-8, a leading BOM dropped", () => {
    const claims = { sub: "zoë-😀>>>???", iat: 1_000, exp: 1_060 };
    const value = jwt(claims);
    expect(value.split(".")[1]).toMatch(/[-_]/); // characters atob refuses unless translated
    expect(readToken(value)).toMatchObject({ userId: claims.sub, expiresAt: 1_060_000, lifetimeMs: 60_000 });
    const bom = payload(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(claims))]));
    expect(readToken(bom)).toMatchObject({ userId: claims.sub, expiresAt: 1_060_000 });
  });

  it("makes an opaque token (no schedule) of invalid UTF-8, invalid base64 or a payload that is not JSON", () => {
    const invalid = Buffer.concat([Buffer.from('{"exp":2000000000,"sub":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    for (const value of [payload(invalid), "h.!!!.s", "h.bm90IGpzb24.s", "no-dots"]) {
      expect(readToken(value)).toMatchObject({ value, expiresAt: undefined, lifetimeMs: undefined, userId: undefined });
    }
  });
});

describe("when a token is due", () => {
  it("an hour-long token is replaced a minute (plus jitter of at most a quarter of the lifetime) before exp", async () => {
    const { ts } = source([issued(3600)]);
    const token = await ts.current();
    const untilExp = ts.expiresIn(token)!;
    expect(untilExp - ts.refreshDelay(token, false)!).toBe(60_000);
    for (let i = 0; i < 50; i++) {
      const delay = ts.refreshDelay(token, true)!;
      expect(untilExp - delay).toBeGreaterThanOrEqual(60_000);
      expect(untilExp - delay).toBeLessThanOrEqual(60_000 + 900_000);
    }
  });

  it("a 3 s token is replaced 1 s before exp, and a fresh one is never already due (no refresh loop)", async () => {
    const { ts } = source([issued(3)]);
    const token = await ts.current();
    expect(ts.expiresIn(token)! - ts.refreshDelay(token, false)!).toBe(1_000);
    // Even a token issued just before a second boundary (it lives barely 2 s) is not due on arrival.
    expect(ts.isStale(token)).toBe(false);
  });

  it("the margin is capped at half the lifetime, whatever the option says", async () => {
    const { ts } = source([issued(10)], 60_000);
    const token = await ts.current();
    expect(ts.expiresIn(token)! - ts.refreshDelay(token, false)!).toBe(5_000);
  });

  it("a token without exp is never scheduled (rotation then follows events and rejections only)", async () => {
    const { ts } = source(["opaque-token"]);
    const token = await ts.current();
    expect(ts.refreshDelay(token, true)).toBeUndefined();
    expect(ts.isStale(token)).toBe(false);
  });
});

describe("the jitter", () => {
  it("is drawn once per token, from the token: every look, every handle and every tab agrees on the schedule", async () => {
    const value = issued(3600);
    const a = source([value]);
    const b = source([value]);
    const [one, two] = [await a.ts.current(), await b.ts.current()];
    // The clock is frozen: only the jitter could move the schedule between two looks.
    const delays = new Set([...Array(20)].flatMap(() => [a.ts.refreshDelay(one, true), b.ts.refreshDelay(two, true)]));
    expect(delays.size).toBe(1);
    // And it is a real spread: tokens differ in their delays.
    const others = new Set(
      await Promise.all([...Array(20)].map(async () => {
        const { ts } = source([issued(3600)]);
        const t = await ts.current();
        return Math.round(ts.refreshDelay(t, true)! - ts.refreshDelay(t, false)!);
      })),
    );
    expect(others.size).toBeGreaterThan(15);
  });
});

describe("a client clock that is wrong by minutes", () => {
  it("behind: a token issued 'in the future' teaches the skew, so the schedule follows the server's clock", async () => {
    const { ts } = source([issued(60, { at: now })]);
    now -= 10 * 60_000;
    const token = await ts.current();
    // About 60 s to go on the server's clock (whole seconds), not 10 min more.
    expect(ts.expiresIn(token)!).toBeLessThanOrEqual(61_000);
    expect(ts.expiresIn(token)!).toBeGreaterThan(58_000);
  });

  it("ahead: a token fresh from a refresh that looks expired teaches the skew instead of refreshing again", async () => {
    const { ts, refreshes } = source([issued(60), issued(60)]);
    now += 10 * 60_000;
    // The first looks 9 min expired: current() refreshes, once.
    const fresh = await ts.current();
    expect(refreshes()).toBe(1);
    expect(ts.isStale(fresh)).toBe(false);
    expect(ts.expiresIn(fresh)!).toBeGreaterThan(58_000);
  });
});

describe("a handle that has ended", () => {
  it("asks the session for no refresh any more: NotLoggedInError, and attemptRefreshingSession is never called", async () => {
    let refreshes = 0;
    const value = issued(60);
    const ts = tokenSource(
      { read: async () => readToken(value), attemptRefreshingSession: async () => !!++refreshes, live: () => false },
      undefined,
      1_000,
      clock,
    );
    // The token the server rejected is the only one the session holds: only a refresh could replace it.
    await expect(ts.fresh(value)).rejects.toBeInstanceOf(NotLoggedInError);
    expect(refreshes).toBe(0);
  });
});
