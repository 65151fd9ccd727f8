import { decodeJwt } from "jose";
import { until } from "../../support/wait";

/** Waits until the access token's `exp` has passed: the condition under test is the clock itself. */
export async function untilExpired(token: string, timeoutMs = 10_000): Promise<void> {
  const { exp = 0 } = decodeJwt(token);
  await until(() => Date.now() > exp * 1000, "the access token to expire", timeoutMs);
}
