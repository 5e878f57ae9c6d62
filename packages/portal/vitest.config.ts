import { defineProject } from "vitest/config";

// The portal's logic that runs without a browser (formatting, catalogues, URLs); the pages
// themselves are tested in Chromium by tests/browser.
export default defineProject({
  test: {
    name: "portal",
    include: ["test/**/*.test.ts"],
  },
});
