import { startStack } from "./stack";

/*
 * Runs the demo stack until interrupted: `npx tsx demo/serve.ts`.
 * PORT (default 4001), WEBSITE_DOMAIN (the page's origin, default http://localhost:3000), ACCESS_TOKEN_LIFETIME_MS
 * (default 20000: short, so rotation shows), SUPERTOKENS_CONNECTION_URI (a real core instead of the emulator).
 */
const stack = await startStack({
  port: Number(process.env.PORT ?? 4001),
  accessTokenLifetimeMs: Number(process.env.ACCESS_TOKEN_LIFETIME_MS ?? 20_000),
  ...(process.env.WEBSITE_DOMAIN !== undefined && { websiteDomain: process.env.WEBSITE_DOMAIN }),
});
console.log(`SuperTokens backend (apiBasePath /auth) and socket server on ${stack.apiDomain}`);
console.log(`CORS open to the page origin ${stack.websiteDomain}`);
process.once("SIGINT", () => {
  void stack.close().then(() => process.exit(0));
});
