import type { OperationResult } from "@urql/core";
import { useEffect, useState, type SubmitEvent } from "react";
import { useMutation } from "urql";
import { PortalProvider } from "../components/portal-provider.tsx";
import { graphql, type ResultOf } from "../graphql/graphql.ts";
import { errorCode } from "../graphql/sign-in-redirect.exchange.ts";
import { localePath, type Locale } from "../i18n/locales.ts";
import { translator, type Translate } from "../i18n/translate.ts";
import { homeScreenFor } from "../navigation/screens.ts";
import { safeNextPath } from "./sign-in-url.ts";

/**
 * Deliberately no `token` in the selection: the API puts the session in its HttpOnly cookie, so
 * script never holds it (and nothing is written to localStorage).
 */
const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      expiresAt
      user {
        id
        role
      }
    }
  }
`);

type LoginResult = OperationResult<ResultOf<typeof LoginMutation>>;

export default function SignInForm({ locale }: { locale: Locale }) {
  return (
    <PortalProvider>
      <SignInFormContent locale={locale} />
    </PortalProvider>
  );
}

function SignInFormContent({ locale }: { locale: Locale }) {
  const t = translator(locale);
  const [login, runLogin] = useMutation(LoginMutation);
  const [problem, setProblem] = useState<string | null>(null);
  // Read in the browser only: the form itself is prerendered at build time, where there is no URL.
  const [next, setNext] = useState<string | null>(null);
  // The prerendered button stays disabled until this script runs: a click before it would post
  // the form to the static page instead of calling `login`.
  const [ready, setReady] = useState(false);
  useEffect(() => {
    setNext(safeNextPath(new URLSearchParams(window.location.search).get("next"), window.location.origin));
    setReady(true);
  }, []);

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setProblem(null);
    // Its wrong password is UNAUTHENTICATED, which elsewhere means "go and sign in".
    const result = await runLogin({ email: String(form.get("email")), password: String(form.get("password")) }, { signInRedirect: false });
    const user = result.data?.login.user;
    if (user) {
      window.location.assign(next ?? localePath(locale, homeScreenFor(user.role).path));
    } else {
      setProblem(describeFailure(result, t));
    }
  };

  // method="post": a submit before the script has loaded must not put the password in the URL.
  return (
    <form className="sign-in" method="post" onSubmit={submit} aria-describedby={problem ? "sign-in-problem" : undefined}>
      {next && !problem && <p className="notice">{t("login.signInToContinue")}</p>}
      {problem && (
        <p id="sign-in-problem" role="alert" className="notice notice-error">
          {problem}
        </p>
      )}
      <div className="field">
        <label htmlFor="sign-in-email">{t("login.email")}</label>
        <input id="sign-in-email" name="email" type="email" autoComplete="username" required aria-invalid={problem ? true : undefined} />
      </div>
      <div className="field">
        <label htmlFor="sign-in-password">{t("login.password")}</label>
        <input id="sign-in-password" name="password" type="password" autoComplete="current-password" required aria-invalid={problem ? true : undefined} />
      </div>
      <button type="submit" className="button-primary" disabled={!ready || login.fetching}>
        {login.fetching ? t("login.submitting") : t("login.submit")}
      </button>
    </form>
  );
}

/** The API's answer in the page's language: wrong credentials, the throttle's wait, or its own words. */
function describeFailure(result: LoginResult, t: Translate): string {
  const error = result.error;
  if (!error) return t("error.other", { message: "no answer" });
  if (error.networkError) return t("error.network");
  switch (errorCode(error)) {
    case "UNAUTHENTICATED":
      return t("login.wrongCredentials");
    case "TOO_MANY_ATTEMPTS": {
      const seconds = error.graphQLErrors[0]?.extensions.retryAfterSeconds;
      return t("login.tooManyAttempts", { seconds: typeof seconds === "number" ? seconds : "?" });
    }
    default:
      return t("error.other", { message: error.graphQLErrors[0]?.message ?? error.message });
  }
}
