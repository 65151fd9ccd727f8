"use client";
// supertokens-auth-react's App Router pattern: init in a client module, in the browser only (this module also runs
// while the server renders the client components), and <SuperTokensWrapper> around the app from the root layout.
import type { ReactNode } from "react";
import { usePathname, useRouter } from "next/navigation";
import SuperTokens, { SuperTokensWrapper } from "supertokens-auth-react";
import { frontendConfig, setRouter } from "./frontendConfig";

if (typeof window !== "undefined") SuperTokens.init(frontendConfig());

export function SuperTokensProvider({ children }: { children: ReactNode }) {
  setRouter(useRouter(), usePathname());
  return <SuperTokensWrapper>{children}</SuperTokensWrapper>;
}
