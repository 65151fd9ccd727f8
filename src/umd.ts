// The script-tag build: everything on one global, `SupertokensSocket`.
export * from "./index";
