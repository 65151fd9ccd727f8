/**
 * What identifies a UI binding's connection: the url and every option that is not a function, by value (object keys
 * sorted), so a new options object with the same values is the same connection. Functions are left out: a binding
 * reads them from its latest options each time a connection is created. Shared by the bindings' sources (each entry
 * inlines it), not exported by the package.
 */
export function connectionKey(url: string, options: object): string {
  return JSON.stringify([url, options], (_key, value: unknown) => {
    if (typeof value === "function") return undefined;
    if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
