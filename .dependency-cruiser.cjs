/**
 * Boundary rules of DESIGN.md, enforced in CI (`npm run lint:deps`, part of `npm test`). Every rule is
 * an error: a boundary left at "warn" is a boundary that is already gone.
 */
const engines = "^src/(eval|cost|decide|arena|finetune|scorers|stats|report)/";
// Tests and conformance suites may use test tools and real adapters; the rules guard production code.
const testCode = ["\\.test\\.ts$", "\\.conformance\\.ts$", "/testing/", "/__fixtures__/"];
const terminalLibraries = "node_modules/(chalk|kleur|picocolors|ora|cli-progress|ink|commander|log-update|cli-table3)/";

module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", comment: "Import cycles make modules impossible to reason about alone.", from: {}, to: { circular: true } },
    {
      name: "spec-is-contracts-only",
      severity: "error",
      comment: "src/spec holds contracts with no runtime dependencies.",
      from: { path: "^src/spec/", pathNot: testCode },
      to: { pathNot: "^src/spec/" },
    },
    {
      name: "engines-not-cli-gateway-server",
      severity: "error",
      comment: "Engines get their collaborators injected; they never import the CLI, the gateway or the server.",
      from: { path: engines, pathNot: testCode },
      to: { path: "^src/(cli|gateway|server)/" },
    },
    {
      name: "engines-no-concrete-store",
      severity: "error",
      comment: "Engines use the Store port of src/spec, never a concrete store or SQL dialect.",
      from: { path: engines, pathNot: testCode },
      to: { path: ["^src/store/", "node_modules/(better-sqlite3|pg|kysely)/"] },
    },
    {
      name: "only-cli-touches-the-terminal",
      severity: "error",
      comment: "Only src/cli renders to a terminal.",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: terminalLibraries },
    },
    {
      name: "providers-not-gateway-wire",
      severity: "error",
      comment: "Providers never see the gateway's HTTP server or wire types.",
      from: { path: "^src/providers/", pathNot: testCode },
      to: { path: "^src/(gateway|server|cli|eval|store)/" },
    },
    {
      name: "stats-is-pure",
      severity: "error",
      comment: "Statistics are pure maths.",
      from: { path: "^src/stats/", pathNot: testCode },
      to: { pathNot: ["^src/stats/", "^src/spec/"], dependencyTypesNot: ["core"] },
    },
    {
      name: "nothing-imports-cli",
      severity: "error",
      comment: "The CLI is the composition root: nothing depends on it.",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "no-test-code-in-production",
      severity: "error",
      from: { path: "^src/", pathNot: ["\\.test\\.ts$", "\\.conformance\\.ts$", "/testing/"] },
      to: { path: ["\\.test\\.ts$", "\\.conformance\\.ts$", "/testing/", "node_modules/(vitest|fast-check|playwright-core)/"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
