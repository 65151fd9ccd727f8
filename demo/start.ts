import { startStack } from "./stack";

/*
 * `npm run demo` (which builds first): the emulated core, the supertokens-node backend, the socket server and the page,
 * all on one origin, http://localhost:PORT, until Ctrl-C.
 *
 * PORT (default 3000); ACCESS_TOKEN_LIFETIME_MS (default 20000: short, so rotations show); WEBSITE_DOMAIN (serve the
 * API to a page on another origin instead, allowed by CORS); SUPERTOKENS_CONNECTION_URI and SUPERTOKENS_API_KEY (a
 * real core instead of the emulator).
 */

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a whole number, not ${JSON.stringify(raw)}`);
    process.exit(1);
  }
  return value;
}

const port = positive("PORT", 3000);
const accessTokenLifetimeMs = positive("ACCESS_TOKEN_LIFETIME_MS", 20_000);

const stack = await startStack({
  port,
  hostname: "localhost",
  servePage: true,
  accessTokenLifetimeMs,
  ...(process.env.WEBSITE_DOMAIN && { websiteDomain: process.env.WEBSITE_DOMAIN }),
}).catch((error: unknown) => {
  const busy = (error as { code?: unknown }).code === "EADDRINUSE";
  console.error(busy ? `Port ${port} is in use: try PORT=${port + 1} npm run demo` : error);
  process.exit(1);
});

const core = process.env.SUPERTOKENS_CONNECTION_URI ? "a real SuperTokens core" : "the emulated core";
console.log(`supertokens-socket demo (${core}, access tokens live ${accessTokenLifetimeMs / 1000} s)`);
console.log(`Open ${stack.apiDomain}`);
console.log("Ctrl-C to stop.");

let stopping = false;
function stop(signal: NodeJS.Signals) {
  if (stopping) {
    // A second Ctrl-C: don't wait any longer.
    process.exit(130);
  }
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  stack.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
