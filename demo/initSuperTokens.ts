import { createRequire } from "node:module";
import supertokens from "supertokens-node";

type Config = Parameters<typeof supertokens.init>[0];

interface Resettable {
  reset(): void;
}

const require = createRequire(import.meta.url);

/*
 * The SDK's singletons, loaded with require: they are CommonJS `exports.default`, which an ESM default import (Node,
 * tsx, vitest) would resolve to the whole exports object instead.
 */
const SuperTokens = (
  require("supertokens-node/lib/build/supertokens.js") as { default: Resettable & { getInstanceOrThrowError(): unknown } }
).default;
const RECIPES_TO_RESET = [
  // Also clears the JWKS cache shared by every verification (combinedRemoteJWKSet).
  "supertokens-node/lib/build/recipe/session/recipe.js",
  // Auto-initialised by supertokens.init whatever the recipe list; SuperTokens.reset() leaves them alone.
  "supertokens-node/lib/build/recipe/accountlinking/recipe.js",
  "supertokens-node/lib/build/recipe/multitenancy/recipe.js",
  "supertokens-node/lib/build/recipe/usermetadata/recipe.js",
].map((path) => (require(path) as { default: Resettable }).default);

/**
 * `supertokens.init` configures a process-wide singleton and silently ignores every call after the first. To host
 * stacks with different settings one after another in one process, this resets that singleton first, with the SDK's
 * own test helpers: `SuperTokens.reset()` (which also resets the auto-initialised JWT, OpenId and OAuth2Provider
 * recipes and the Querier's hosts and cached CDI version) plus `reset()` of the other recipes it auto-initialises and
 * of Session. Those helpers refuse unless `process.env.TEST_MODE === "testing"`, so it is set for the duration of the
 * reset only (left on, it makes the SDK record every core call in memory and turns telemetry off by default).
 *
 * Still one configuration per process: every backend in the process serves the one of the LAST init.
 */
export function initSuperTokens(config: Config): void {
  if (isInitialised()) resetSuperTokens();
  supertokens.init(config);
}

function isInitialised(): boolean {
  try {
    SuperTokens.getInstanceOrThrowError();
    return true;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("Initialisation not done")) return false;
    throw error;
  }
}

function resetSuperTokens(): void {
  const previous = process.env.TEST_MODE;
  process.env.TEST_MODE = "testing";
  try {
    SuperTokens.reset();
    for (const recipe of RECIPES_TO_RESET) recipe.reset();
  } finally {
    if (previous === undefined) delete process.env.TEST_MODE;
    else process.env.TEST_MODE = previous;
  }
}
