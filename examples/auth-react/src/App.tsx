import { useState, type FormEvent } from "react";
import Session, { useSessionContext } from "supertokens-auth-react/recipe/session";
import { Chat } from "./Chat";
import { signIn as postSignIn } from "../../shared/backend";

/** The session as auth-react's context tells it; the chat is always mounted and follows the session by itself. */
export function App() {
  const session = useSessionContext();
  const [failure, setFailure] = useState<string>();
  if (session.loading) return null;

  async function signIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // auth-react's session (supertokens-web-js underneath) keeps the session this starts: the context updates.
    const response = await postSignIn(new FormData(event.currentTarget).get("name"));
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
