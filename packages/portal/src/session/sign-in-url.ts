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
 * Signs out and leaves for sign-in. The page counts as leaving from the start, so the islands'
 * queries that answer UNAUTHENTICATED once the session has ended do not race this navigation
 * with a redirect of their own. An already ended session is signed out just the same.
 */
export async function signOutThenSignIn(logout: () => Promise<unknown>, signInPath: string): Promise<void> {
  leaving = true;
  await logout();
  window.location.assign(signInPath);
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
