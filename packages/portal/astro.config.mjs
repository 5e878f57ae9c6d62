import { defineConfig } from "astro/config";

// Static shell for now; React islands (urql, GraphiQL) arrive with the portal issue.
export default defineConfig({
  output: "static",
});
