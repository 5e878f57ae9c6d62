import { mapExchange, type CombinedError, type Exchange } from "@urql/core";

/**
 * Any result answering UNAUTHENTICATED (the session expired, was ended by a logout elsewhere, or
 * the user was deactivated) sends the browser to sign-in with the current page as `next`, so no
 * island handles it on its own. The sign-in form opts out with the context flag
 * `{ signInRedirect: false }`: its wrong password is UNAUTHENTICATED too.
 */
export function signInRedirectExchange(goToSignIn: () => void): Exchange {
  return mapExchange({
    onResult(result) {
      if (result.operation.context.signInRedirect !== false && isUnauthenticated(result.error)) goToSignIn();
    },
  });
}

export function errorCode(error: CombinedError | undefined): string | undefined {
  const code = error?.graphQLErrors.find((e) => typeof e.extensions?.code === "string")?.extensions.code;
  return typeof code === "string" ? code : undefined;
}

function isUnauthenticated(error: CombinedError | undefined): boolean {
  return error?.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED") ?? false;
}
