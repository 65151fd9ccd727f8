import { useEffect, useState, type FormEvent } from "react";
import Session from "supertokens-web-js/recipe/session";
import { ChatRoom } from "./ChatRoom";
import { signIn as postSignIn } from "../../shared/backend";

/** `#/chat` shows the chat (its socket open); any other hash unmounts it (its socket closed). */
function useRoute(): string {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return hash === "#/lobby" ? "lobby" : "chat";
}

export function App() {
  const route = useRoute();
  const [userId, setUserId] = useState<string | null | undefined>(undefined); // undefined: not known yet
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    void Session.doesSessionExist().then(async (exists) => setUserId(exists ? await Session.getUserId() : null));
  }, []);

  async function signIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const response = await postSignIn(new FormData(event.currentTarget).get("name"));
    if (!response.ok) return setFailure(`Sign-in failed (${response.status})`);
    setFailure(undefined);
    setUserId(((await response.json()) as { userId: string }).userId);
  }

  async function signOut() {
    await Session.signOut();
    setUserId(null);
  }

  return (
    <>
      <header>
        <h1>supertokens-socket · React</h1>
        {userId && <span data-testid="user">{userId}</span>}
        {userId && (
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        )}
      </header>
      {userId === null && (
        <form onSubmit={signIn}>
          <input name="name" placeholder="Your name" required pattern="[\w.@\-]{1,64}" aria-label="Name" />
          <button type="submit">Sign in</button>
          {failure && <span role="alert">{failure}</span>}
        </form>
      )}
      <nav>
        <a href="#/chat">Chat</a>
        <a href="#/lobby">Lobby</a>
      </nav>
      {route === "chat" ? <ChatRoom /> : <p data-testid="lobby">In the lobby: the chat and its socket are unmounted.</p>}
    </>
  );
}
