import type { ReactNode } from "react";
import { Provider } from "urql";
import { portalClient } from "../graphql/client.ts";

/** Wraps each island's root: every island of a page talks to the API through the one client. */
export function PortalProvider({ children }: { children: ReactNode }) {
  return <Provider value={portalClient()}>{children}</Provider>;
}
