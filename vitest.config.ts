import { defineConfig } from "vitest/config";

// One run across the workspace; each package keeps its own config (setup files, database).
export default defineConfig({
  test: {
    projects: ["packages/domain", "packages/api", "packages/portal", "tests"],
  },
});
