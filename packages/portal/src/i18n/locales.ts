/**
 * The portal's languages, each under its own path prefix (/zh/…, /en/…), both prerendered; the
 * site's root (/) is a tiny page that sends the visitor to the language they last used
 * (src/pages/index.astro). The locale codes are what `lang` and Intl take; the prefixes are the
 * URLs'. astro.config.mjs's `i18n` lists the same pairs. Every page path is decided here:
 * pages use localeStaticPaths() and localePath(), nothing else builds a prefix.
 */
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

/** The path prefix of each language. */
const PREFIX: Record<Locale, string> = { "zh-CN": "/zh", en: "/en" };

/** Where the visitor's language is remembered (a preference, not a secret: it is never sent anywhere). */
export const LOCALE_STORAGE_KEY = "portal.locale";

/** `[...locale]` pages' static paths: one copy of the page per language, under its prefix. */
export function localeStaticPaths() {
  return LOCALES.map((locale) => ({ params: { locale: PREFIX[locale].slice(1) }, props: { locale } }));
}

/** A portal path in a language: `localePath("en", "/login/")` is `/en/login/`. */
export function localePath(locale: Locale, path: string): string {
  return `${PREFIX[locale]}${path}`;
}

/**
 * The language a path is in, and the path without its prefix (`/en/login/` → en, `/login/`). A
 * path in no language (the root, the not-found page) is the default language's, unchanged.
 */
export function splitLocale(pathname: string): { locale: Locale; path: string } {
  for (const locale of LOCALES) {
    const prefix = PREFIX[locale];
    if (pathname === prefix || pathname.startsWith(`${prefix}/`)) {
      return { locale, path: pathname.slice(prefix.length) || "/" };
    }
  }
  return { locale: DEFAULT_LOCALE, path: pathname };
}
