import react from "@astrojs/react";
import { defineConfig } from "astro/config";

// The API the dev server forwards /graphql to (`pnpm start` listens on 4000).
const apiUrl = process.env.PORTAL_API_URL ?? "http://localhost:4000";

/**
 * A static site (no server adapter): every page is a prerendered shell the API serves from
 * packages/portal/dist, and anything live is a React island querying /graphql on the same origin.
 */
export default defineConfig({
  output: "static",
  // Pages are folders (dist/en/login/index.html), linked with their trailing slash, so the API's
  // static serving finds each without rewriting URLs (a link typed without it gets one redirect).
  // trailingSlash stays "ignore": "always" would make the dev server answer /graphql itself (404)
  // instead of proxying it.
  build: { format: "directory" },
  integrations: [react()],
  i18n: {
    // Chinese under /zh/ (its code zh-CN is what lang and Intl take), English under /en/; the
    // root (src/pages/index.astro) sends a visitor to the language they last used. The pages
    // themselves come from src/i18n/locales.ts (localeStaticPaths, localePath), which holds the
    // same pairs; Astro must not add a redirect of its own at /.
    locales: [{ path: "zh", codes: ["zh-CN"] }, "en"],
    defaultLocale: "zh",
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  vite: {
    server: { proxy: { "/graphql": { target: apiUrl, changeOrigin: false } } },
    // The explorer's Monaco workers (src/explorer/, `?worker` imports) split into chunks, which
    // only ES-module workers can do (Vite's default, iife, cannot).
    worker: { format: "es" },
  },
});
