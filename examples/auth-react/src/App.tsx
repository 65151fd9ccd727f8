import { useState, type FormEvent } from "react";
import Session, { useSessionContext } from "supertokens-auth-react/recipe/session";
import { Chat } from "./Chat";
import { apiDomain } from "./config";

/** The session as auth-react's context tells it; the chat is always mounted and follows the session by itself. */
export function App() {
  const session = useSessionContext();
  const [failure, setFailure] = useState<string>();
  if (session.loading) return null;

  async function signIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = new FormData(event.currentTarget).get("name");
    // The demo backend's sign-in (no passwords); auth-react's session interceptor keeps the session it starts.
    const response = await fetch(`${apiDomain}/signin`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name }),
    });
    setFailure(response.ok ? undefined : `Sign-in failed (${response.status})`);
  }

  return (
    <>
      <header>
        <h1>supertokens-socket · supertokens-auth-react</h1>
        {session.doesSessionExist && <span data-testid="user">{session.userId}</span>}
        {session.doesSessionExist && (
          <button type="button" onClick={() => void Session.signOut()}>
            Sign out
          </button>
        )}
      </header>
      {!session.doesSessionExist && (
        <form onSubmit={signIn}>
          <input name="name" placeholder="Your name" required pattern="[\w.@\-]{1,64}" aria-label="Name" />
          <button type="submit">Sign in</button>
          {failure && <span role="alert">{failure}</span>}
        </form>
      )}
      <Chat />
    </>
  );
}
