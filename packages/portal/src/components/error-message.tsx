import type { CombinedError } from "@urql/core";
import { errorCode } from "../graphql/sign-in-redirect.exchange.ts";
import type { Translate } from "../i18n/translate.ts";

/**
 * A failed query, said in the page's language: no connection, a role the API refuses, or the
 * API's own message (English) for anything else. UNAUTHENTICATED shows nothing: the client is
 * already on its way to sign-in.
 */
export function ErrorMessage({ error, t }: { error: CombinedError; t: Translate }) {
  const code = errorCode(error);
  if (code === "UNAUTHENTICATED") return null;
  const text = error.networkError
    ? t("error.network")
    : code === "FORBIDDEN"
      ? t("error.forbidden")
      : t("error.other", { message: error.graphQLErrors[0]?.message ?? error.message });
  return (
    <p role="alert" className="notice notice-error">
      {text}
    </p>
  );
}
