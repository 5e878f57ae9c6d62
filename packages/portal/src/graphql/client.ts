import { Client, cacheExchange, fetchExchange } from "@urql/core";
import { goToSignIn } from "../session/sign-in-url.ts";
import { signInRedirectExchange } from "./sign-in-redirect.exchange.ts";

let shared: Client | undefined;

/**
 * The one urql client of a page, shared by all its islands (they import this module, which the
 * build bundles once per page): identical queries from two islands (the viewer, say) go out once.
 * Every operation is a JSON POST to /graphql on the portal's own origin: the session rides in
 * its HttpOnly cookie, never in script, and Apollo's CSRF prevention accepts the JSON
 * content type (a GET without it would be refused as a request a form could make).
 */
export function portalClient(): Client {
  shared ??= new Client({
    url: "/graphql",
    preferGetMethod: false,
    fetchOptions: { credentials: "same-origin" },
    exchanges: [signInRedirectExchange(goToSignIn), cacheExchange, fetchExchange],
  });
  return shared;
}
