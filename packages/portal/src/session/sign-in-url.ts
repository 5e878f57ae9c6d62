import { localePath, splitLocale } from "../i18n/locales.ts";

const SIGN_IN_PATH = "/login/";

/** The sign-in page in the current page's language, with `next` set to the current page. */
export function signInUrl(current: URL): string {
  const { locale } = splitLocale(current.pathname);
  const next = `${current.pathname}${current.search}${current.hash}`;
  return `${localePath(locale, SIGN_IN_PATH)}?next=${encodeURIComponent(next)}`;
}

let leaving = false;

/** Leaves for sign-in once, however many islands notice the session is gone. */
export function goToSignIn(): void {
  if (leaving) return;
  leaving = true;
  window.location.assign(signInUrl(new URL(window.location.href)));
}

/**
 * Where to go after signing in: `next` when it is a path on this origin (never another site, a
 * protocol-relative `//host` or a `javascript:` URL, which a crafted link could carry), and not
 * the sign-in page itself; otherwise null.
 */
export function safeNextPath(next: string | null, origin: string): string | null {
  if (next === null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin || splitLocale(url.pathname).path.startsWith(SIGN_IN_PATH)) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
