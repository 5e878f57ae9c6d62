import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/", "**/dist/", "**/.astro/", ".data/", "drizzle/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // Domain code gets the clock passed in (architecture.md): reading it there is a bug.
      "no-restricted-syntax": "off",
    },
  },
  {
    files: ["packages/domain/src/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "Pass the clock in; domain code never reads it." },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "Pass the clock in; domain code never reads it." },
        { selector: "CallExpression[callee.object.name='DateTime'][callee.property.name='now']", message: "Pass the clock in; domain code never reads it." },
      ],
      "no-restricted-imports": ["error", { patterns: ["@sales/api", "drizzle-orm", "postgres", "@electric-sql/*", "node:fs", "fs"] }],
    },
  },
);
