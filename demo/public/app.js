/* The demo page: supertokens-web-js (header mode) + supertokens-socket's UMD build, as a script-tag app would use them.
 * Globals from the script bundles: io (socket.io), supertokens, supertokensSession, SupertokensSocket. */
"use strict";

supertokens.init({
  appInfo: { appName: "supertokens-socket demo", apiDomain: location.origin, apiBasePath: "/auth" },
  recipeList: [
    supertokensSession.init({
      tokenTransferMethod: "header",
      // Session events (refresh, sign-out, expiry) reach every live handle at once.
      onHandleEvent: SupertokensSocket.handleSessionEvent,
      // A sign-out ends the handles as its request leaves: nothing refreshes or reconnects while it is answered.
      preAPIHook: SupertokensSocket.handlePreAPIHook,
    }),
  ],
});

const $ = (id) => document.getElementById(id);
const ui = {
  status: $("status"),
  signIn: $("sign-in"),
  name: $("name"),
  session: $("session"),
  user: $("user"),
  ttl: $("ttl"),
  rotations: $("rotations"),
  chat: $("chat"),
  messages: $("messages"),
  chatForm: $("chat-form"),
  chatInput: $("chat-input"),
  notice: $("notice"),
};

const REASONS = {
  "signed-out": "Signed out.",
  "session-expired": "The session ended (expired or revoked): sign in again.",
  rejected: "The socket server refused this session.",
};

/** The live handle, or undefined. */
let authed;
let me;
let connecting = false;

function setStatus(status, reason) {
  ui.status.textContent = reason ? `${status} · ${reason}` : status.replace("-", " ");
  ui.status.dataset.status = status;
  if (reason) ui.status.dataset.reason = reason;
  else delete ui.status.dataset.reason;
}

function notice(text, kind = "info") {
  ui.notice.textContent = text;
  ui.notice.dataset.kind = kind;
}

function show(signedIn) {
  ui.signIn.hidden = signedIn;
  ui.session.hidden = !signedIn;
  ui.chat.hidden = !signedIn;
  if (!signedIn) ui.name.focus();
}

const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour12: false });

function logRotation({ expiresAt, inPlace }) {
  const item = document.createElement("li");
  item.dataset.testid = "rotation";
  item.dataset.inPlace = String(inPlace);
  const left = expiresAt === undefined ? "" : `, valid ${((expiresAt - Date.now()) / 1000).toFixed(1)} s`;
  item.textContent = `${clock(Date.now())}  new token${left}: ${inPlace ? "handed over in place" : "connection reopened"}`;
  ui.rotations.prepend(item);
}

function addMessage({ from, text }) {
  const item = document.createElement("li");
  item.dataset.testid = "chat-message";
  item.dataset.from = from;
  if (from === me) item.className = "mine";
  const who = document.createElement("b");
  who.textContent = from;
  item.append(who, ` ${text}`);
  ui.messages.append(item);
  ui.messages.scrollTop = ui.messages.scrollHeight;
}

/** Opens the authenticated socket if there is a session; shows the sign-in form if not. */
async function connect() {
  if (authed || connecting) return;
  connecting = true;
  setStatus("connecting");
  let handle;
  try {
    handle = await SupertokensSocket.createAuthedSocket(location.origin);
  } catch (error) {
    connecting = false;
    if (error instanceof SupertokensSocket.NotLoggedInError) {
      setStatus("signed-out");
      show(false);
    } else {
      // REFRESH_FAILED: the backend could not refresh the session; it may well be fine. Not a reason to sign out.
      setStatus("error");
      notice(`Could not connect (${error.code || error.name}): reload to retry.`, "error");
    }
    return;
  }
  connecting = false;
  authed = handle;
  me = await supertokensSession.getUserId().catch(() => undefined);
  ui.user.textContent = me ?? "?";
  ui.rotations.replaceChildren();
  ui.messages.replaceChildren();
  notice("");
  show(true);

  let first = true;
  setStatus(handle.status);
  handle.on("status", (status) => setStatus(status));
  handle.on("token", (event) => {
    // The first token is the one it connected with; every later one is a rotation.
    if (first) first = false;
    else logRotation(event);
  });
  handle.on("error", (error) => notice(`${error.code}: ${error.message} (retrying)`, "warn"));
  handle.on("unauthenticated", ({ reason }) => {
    handle.close();
    if (authed === handle) authed = undefined;
    setStatus("unauthenticated", reason);
    notice(REASONS[reason] ?? reason);
    show(false);
  });
  // Registered once: the socket is the same for the life of the handle, through every rotation.
  handle.socket.on("chat", addMessage);
}

ui.signIn.addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = ui.name.value.trim();
  // supertokens-web-js intercepts this call (same origin as its apiDomain) and keeps the tokens it answers with.
  const res = await fetch("/signin", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  if (!res.ok) {
    notice((await res.json().catch(() => ({}))).message ?? `Sign-in failed (${res.status})`, "error");
    return;
  }
  ui.name.value = "";
  await connect();
});

$("sign-out").addEventListener("click", async () => {
  const had = authed;
  // The sign-out reaches the handle through handlePreAPIHook: it goes unauthenticated (signed-out) and closes.
  await supertokensSession.signOut();
  if (!had) {
    setStatus("signed-out");
    show(false);
  }
});

$("rotate").addEventListener("click", () => authed?.rotate());

ui.chatForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = ui.chatInput.value.trim();
  if (!text || !authed) return;
  authed.socket.emit("chat", text);
  ui.chatInput.value = "";
});

// The access token's remaining lifetime, ticking down.
setInterval(() => {
  const expiresAt = authed?.expiresAt;
  if (expiresAt === undefined) {
    ui.ttl.textContent = "–";
    delete ui.ttl.dataset.ms;
    return;
  }
  const ms = expiresAt - Date.now();
  ui.ttl.dataset.ms = String(ms);
  ui.ttl.textContent = ms > 0 ? `${(ms / 1000).toFixed(1)} s` : "expired";
}, 100);

// Another tab may have signed in meanwhile (the session lives in cookies every tab shares).
window.addEventListener("focus", () => {
  if (!authed) void supertokensSession.doesSessionExist().then((exists) => exists && connect());
});

void connect();
