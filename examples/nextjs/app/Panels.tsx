"use client";
// The panels of the page contract (test/browser/support/frameworkScenarios.ts): one on its own useAuthedSocket, and
// two reading ONE AuthedSocketProvider's connection. Rendered on the server too: there the hooks connect nothing and
// report "connecting", the same first value the browser hydrates with.
import { useRef, useState } from "react";
import {
  AuthedSocketProvider,
  useAuthedSocket,
  useAuthedSocketContext,
  useSocketEvent,
  type UseAuthedSocketResult,
} from "supertokens-socket/react";
import type { ChatMessage, ClientToServer, ServerToClient } from "../../shared/backend";

type Chat = UseAuthedSocketResult<ServerToClient, ClientToServer>;

function Panel({ chat }: { chat: Chat }) {
  const { socket, status } = chat;
  const [messages, setMessages] = useState<string[]>([]);
  // How many distinct Socket objects this panel has held (a new one per session, the same across rotations).
  const seen = useRef(new Set<unknown>());
  if (socket) seen.current.add(socket);
  useSocketEvent(socket, "chat", (m: ChatMessage) => setMessages((all) => [...all, `${m.from}: ${m.text}`]));
  return (
    <section data-testid="panel">
      <span className="badge" data-testid="status" data-status={status}>
        {status}
      </span>{" "}
      <span data-testid="socket-id">{status === "connected" ? socket?.id : ""}</span>{" "}
      <span data-testid="sockets">{seen.current.size}</span>
      <ul data-testid="messages">
        {messages.map((m, i) => (
          <li key={i}>{m}</li>
        ))}
      </ul>
    </section>
  );
}

/** A connection of its own, for as long as it is mounted. */
export function OwnPanel({ url }: { url: string }) {
  return <Panel chat={useAuthedSocket<ServerToClient, ClientToServer>(url)} />;
}

function SharedPanel() {
  return <Panel chat={useAuthedSocketContext<ServerToClient, ClientToServer>()} />;
}

/** Two panels, ONE connection: the provider's. */
export function SharedPanels({ url }: { url: string }) {
  return (
    <AuthedSocketProvider url={url}>
      <SharedPanel />
      <SharedPanel />
    </AuthedSocketProvider>
  );
}
