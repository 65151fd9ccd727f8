import { createContext, createElement, type ReactNode } from "react";
import { useAuthedSocket, type UseAuthedSocketOptions, type UseAuthedSocketResult } from "./useAuthedSocket";

/** @internal */
export const AuthedSocketContext = createContext<UseAuthedSocketResult<never, never> | undefined>(undefined);

export interface AuthedSocketProviderProps {
  url: string;
  options?: UseAuthedSocketOptions;
  children?: ReactNode;
}

/**
 * One {@link useAuthedSocket} connection shared by every component below it (read it with `useAuthedSocketContext`).
 */
export function AuthedSocketProvider({ url, options, children }: AuthedSocketProviderProps) {
  const value = useAuthedSocket<never, never>(url, options);
  return createElement(AuthedSocketContext.Provider, { value }, children);
}
