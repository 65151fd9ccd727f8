"use client";
// The page's interactive part: auth-react's session (sign-in form or user + Sign out) and the routes by location
// hash: #/chat (the default) one panel, #/lobby none, #/shared two panels on one connection. Remount gives the chat
// panel a new React `key`, which unmounts it and mounts a new one.
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { useSearchParams } from "next/navigation";
import Session, { useSessionContext } from "supertokens-auth-react/recipe/session";
import { OwnPanel, SharedPanels } from "./Panels";
import { pageParams, signIn } from "./pageParams";

const onHashChange = (listener: () => void) => {
  window.addEventListener("hashchange", listener);
  return () => window.removeEventListener("hashchange", listener);
};
// The server never sees the hash: it renders the default route, and the browser moves on from there.
const useHash = () => useSyncExternalStore(onHashChange, () => window.location.hash, () => "");

export function ChatApp() {
  const session = useSessionContext();
  const { socketUrl } = pageParams(useSearchParams());
  const hash = useHash();
  const [generation, setGeneration] = useState(0);
  const [failure, setFailure] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // auth-react keeps the session the backend starts; its context updates by itself.
    const response = await signIn(new FormData(event.currentTarget).get("name"));
    setFailure(response.ok ? undefined : `Sign-in failed (${response.status})`);
  }

  return (
    <>
      {!session.loading && session.doesSessionExist && (
        <p>
          <span data-testid="user">{session.userId}</span>{" "}
          <button type="button" onClick={() => void Session.signOut()}>
            Sign out
          </button>
        </p>
      )}
      {!session.loading && !session.doesSessionExist && (
        <form onSubmit={submit}>
          <input name="name" aria-label="Name" required pattern="[\w.@\-]{1,64}" />
          <button type="submit">Sign in</button>
          {failure && <span role="alert">{failure}</span>}
        </form>
      )}
      {hash === "#/shared" ? (
        <SharedPanels url={socketUrl} />
      ) : hash === "#/lobby" ? null : (
        <>
          <button type="button" onClick={() => setGeneration((n) => n + 1)}>
            Remount
          </button>
          <OwnPanel key={generation} url={socketUrl} />
        </>
      )}
    </>
  );
}
