import { expect } from "vitest";
import type { Stack } from "../../../demo/stack";

/** Signs in through the SDK's patched fetch, which stores the tokens the backend answers with. */
export async function signIn(stack: Pick<Stack, "apiDomain">, name: string): Promise<{ userId: string; sessionHandle: string }> {
  const res = await fetch(`${stack.apiDomain}/signin`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { userId: string; sessionHandle: string };
}
