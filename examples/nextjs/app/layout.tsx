// The root layout: a server component (no "use client"), the client SuperTokensProvider inside it.
import type { ReactNode } from "react";
import { SuperTokensProvider } from "./SuperTokensProvider";

export const metadata = { title: "supertokens-socket · Next.js example" };

const style = `
  body { font: 15px/1.4 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
  header, nav, form, p { display: flex; gap: 0.5rem; align-items: center; }
  h1 { font-size: 1.1rem; }
  .badge { padding: 0.1rem 0.5rem; border-radius: 1rem; background: #ddd; font-size: 0.85rem; }
  .badge[data-status="connected"] { background: #b7ebc6; }
  .badge[data-status="refreshing"], .badge[data-status="reconnecting"], .badge[data-status="connecting"] { background: #ffe7a3; }
  .badge[data-status="unauthenticated"], .badge[data-status="closed"] { background: #f7c1c1; }
  ul { list-style: none; padding: 0; }
`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <style>{style}</style>
      </head>
      <body>
        <SuperTokensProvider>{children}</SuperTokensProvider>
      </body>
    </html>
  );
}
