/**
 * True where developers work: the long texts that name a fix, and the debug log. False in a production build, where
 * the same checks run, with the same codes, and shorter messages. This line is the source's (and the runtime
 * build's: Node, an unbundled import in a browser, where there may be no `process`). The build writes it again for
 * bundlers, as `process.env.NODE_ENV !== "production"`, which their define turns into a constant, so that the
 * minifier drops every branch it decides (rollup.config.js, `devFlag`).
 */
export const DEV: boolean = typeof process === "undefined" || process.env.NODE_ENV !== "production";
