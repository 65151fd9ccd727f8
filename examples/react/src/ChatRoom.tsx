import { useEffect, useState, type FormEvent } from "react";
import { useAuthedSocket, useSocketEvent } from "supertokens-socket/react";
import { socketUrl, type ChatMessage, type ClientToServer, type ServerToClient } from "../../shared/backend";
import { StatusBadge } from "./StatusBadge";

/** One authenticated socket for as long as this component is mounted; it follows sign-in and sign-out by itself. */
export function ChatRoom() {
  const { socket, status, error } = useAuthedSocket<ServerToClient, ClientToServer>(socketUrl);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [me, setMe] = useState<string>();

  useSocketEvent(socket, "chat", (message) => setMessages((all) => [...all, message]));

  useEffect(() => {
    if (status === "connected") socket?.emit("whoami", setMe);
    else setMe(undefined);
  }, [socket, status]);

  function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem("text") as HTMLInputElement;
    socket?.emit("chat", input.value);
    input.value = "";
  }

  return (
    <section>
      <p>
        <StatusBadge status={status} error={error} /> {me && <span data-testid="whoami">connected as {me}</span>}
      </p>
      <ul data-testid="messages">
        {messages.map((message, i) => (
          <li key={i}>
            <b>{message.from}</b>: {message.text}
          </li>
        ))}
      </ul>
      <form onSubmit={send}>
        <input name="text" placeholder="Say something" aria-label="Message" autoComplete="off" required />
        <button type="submit" disabled={status !== "connected"}>
          Send
        </button>
      </form>
    </section>
  );
}
