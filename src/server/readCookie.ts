/**
 * The value of the cookie `name` in a `Cookie` request header, or `undefined` when it is absent or empty.
 * Never throws: a malformed header reads as "no such cookie". When a name appears twice (cookies set for a parent
 * domain and for the host), the first non-empty one wins, as browsers send the most specific cookie first.
 */
export function readCookie(header: string | readonly string[] | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  const text = typeof header === "string" ? header : header.join("; ");
  for (const pair of text.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (value !== "") return decode(value);
  }
  return undefined;
}

function decode(value: string): string {
  if (!value.includes("%")) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    // A stray "%" is not ours to fix: hand the raw value on, verification rejects it if it is not a token.
    return value;
  }
}
