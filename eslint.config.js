// Lint rules for the whole workspace. Import cycles are checked separately by madge (see `pnpm lint`).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

const noUpwardImports = (forbidden) => ({
  "no-restricted-imports": ["error", {
    patterns: forbidden.map((name) => ({
      group: [`@concord/${name}`, `@concord/${name}/*`, `**/${name}/src/**`],
      message: `This package must not depend on ${name}: dependencies flow shared → server/client.`,
    })),
  }],
});

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "**/build/**", "tests/artifacts/**", "bench-results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module", globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
      "eqeqeq": ["error", "smart"],
    },
  },
  { files: ["shared/src/**"], rules: noUpwardImports(["server", "client", "tests"]) },
  { files: ["server/src/**"], rules: noUpwardImports(["client", "tests"]) },
  { files: ["client/src/**"], languageOptions: { globals: { ...globals.browser } }, rules: noUpwardImports(["server", "tests"]) },
);
