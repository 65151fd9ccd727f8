import { useEffect, useState } from "react";
import { useAuthedSocket, useSocketEvent } from "supertokens-socket/react";
import { socketUrl, type ClientToServer, type ServerToClient } from "../../shared/backend";

/** One socket for as long as this is mounted: none while signed out, one from sign-in on, closed at sign-out. */
export function Chat() {
  const { socket, status, error } = useAuthedSocket<ServerToClient, ClientToServer>(socketUrl);
  const [messages, setMessages] = useState<string[]>([]);
  const [me, setMe] = useState<string>();

  useSocketEvent(socket, "chat", ({ from, text }) => setMessages((all) => [...all, `${from}: ${text}`]));
  useEffect(() => {
    if (status === "connected") socket?.emit("whoami", setMe);
    else setMe(undefined);
  }, [socket, status]);

  return (
    <section>
      <p>
        <span className="badge" data-testid="status" data-status={status} title={error?.message}>
          {status}
        </span>{" "}
        {me && <span data-testid="whoami">connected as {me}</span>}
      </p>
      <ul data-testid="messages">
        {messages.map((message, i) => (
          <li key={i}>{message}</li>
        ))}
      </ul>
    </section>
  );
}
