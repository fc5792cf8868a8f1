export * from "./project-schema.js";
export { loadProject, projectFileName, type LoadedProject } from "./load-project.js";
export { ConfigError, formatConfigProblem, type ConfigProblem } from "./config-error.js";
export { resolveProjectPath } from "./check-paths.js";
export { environment, environmentHas, environmentSchema, parseEnvironment, readSecret, type Environment } from "./env.js";
export { projectJsonSchema, projectSchemaId } from "./json-schema.js";
export { closestName, didYouMean, editDistance, listNames } from "./did-you-mean.js";
export * from "./use-case-schema.js";
