import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql copy for type-graphql, Apollo and the tests, or schemas fail "from another module or realm".
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    include: ["test/**/*.test.ts"],
    // Servers under test log nothing unless asked (LOG_LEVEL=info npm test); tests that check logs pass their own logger.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" },
  },
});
