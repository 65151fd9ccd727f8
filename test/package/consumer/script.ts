// A page script (no import or export: not a module) using the global a <script> tag of the UMD build defines.
/// <reference types="supertokens-socket/umd" />

void SupertokensSocket.createAuthedSocket(location.origin).then((authed) => authed.on("status", (s) => s.toUpperCase()));
// @ts-expect-error the global has the core's exports only
void SupertokensSocket.nope;
