// The page: a server component (no "use client") around the client ChatApp. Rendered per request, so the client
// components' server render sees the query (?apiDomain=, ?socketUrl=) through useSearchParams, as the browser does.
import { ChatApp } from "./ChatApp";

export const dynamic = "force-dynamic";

export default function Page() {
  return (
    <main>
      <header>
        <h1>supertokens-socket · Next.js</h1>
      </header>
      <ChatApp />
      {/* Only a server has `process.version`: this line never ships to the browser. */}
      <footer data-testid="server-rendered">Server component, rendered by Node {process.version}</footer>
    </main>
  );
}
