import { useEffect } from "react";
import { useQuery } from "urql";
import { goToSignIn } from "./sign-in-url.ts";
import { ViewerQuery, type Viewer } from "./viewer.query.ts";

/**
 * The signed-in user, for islands on protected pages. An anonymous visitor (viewer null) is sent
 * to sign-in here; an expired or ended session answers UNAUTHENTICATED, which the client's
 * exchange handles the same way. `viewer` is null until it is known.
 */
export function useViewer(): { viewer: Viewer | null; error: ReturnType<typeof useQuery>[0]["error"] } {
  const [{ data, error }] = useQuery({ query: ViewerQuery });
  const anonymous = data !== undefined && data.viewer === null;
  useEffect(() => {
    if (anonymous) goToSignIn();
  }, [anonymous]);
  return { viewer: data?.viewer ?? null, error };
}
