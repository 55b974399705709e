import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

/**
 * Files that measure time or throughput under load, or start services on fixed ports: they run one at a
 * time after the rest, so that a neighbour's network start cannot push them past their bounds. Not here:
 * bounded-memory, which compares heap sizes of its own worker process and waits for the gateway's writes
 * rather than for a fixed time.
 */
const RUN_ALONE = [
  "test/security/soak.test.ts",
  "test/security/timeouts.test.ts",
  "test/federation/hot-swap.test.ts",
  "test/operations/supervisor.test.ts",
  "test/federation/registry.test.ts",
  "test/e2e-events.test.ts",
];

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
    // Servers under test log nothing unless asked (LOG_LEVEL=info npm test); tests that check logs pass their own logger.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" },
    projects: [
      // Most of a test file's time is spent waiting on PostgreSQL and HTTP, so two files share the two cores
      // (vitest's default leaves one core idle); see the README's "Tests" section.
      { extends: true, test: { name: "shared", include: ["test/**/*.test.ts"], exclude: RUN_ALONE, maxWorkers: 2, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "alone", include: RUN_ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
