/**
 * Anything shaped like a JWT: three dot-separated base64url runs, the first of them a JSON header (`{"` encodes as
 * `eyJ`). Dotted host names (a core's address in ENOTFOUND) stay readable.
 */
const JWT_LIKE = /eyJ[\w-]*\.[\w-]+\.[\w-]*/g;

/** The `code` of an error (jose's `ERR_…`, Node's `ECONNREFUSED`), or "". */
export function errorCode(error: unknown): string {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : "";
}

/**
 * An error's class and message, and its cause's code, for a log line: enough to diagnose. Messages of other
 * libraries (a core's answer quoted by supertokens-node) are not ours to trust, so anything shaped like a token is
 * cut out.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return typeof error === "string" ? error.replace(JWT_LIKE, "[token]") : typeof error;
  const cause = errorCode(error.cause);
  return `${error.name}: ${error.message}${cause ? ` (${cause})` : ""}`.replace(JWT_LIKE, "[token]");
}
