import { didYouMean, listNames } from "./did-you-mean.js";
import type { IssueProblem } from "./describe-issue.js";
import type { GatewayConfig } from "./gateway-schema.js";

/** Routes and the semantic cache name targets that must exist; api_key_env names a variable, not a key. */
export function checkGatewayReferences(gateway: GatewayConfig | undefined): IssueProblem[] {
  if (!gateway) return [];
  const problems: IssueProblem[] = [];
  const targets = Object.keys(gateway.targets);
  const unknown = (target: string, path: PropertyKey[]): void => {
    if (gateway.targets[target]) return;
    const known = targets.length === 0 ? "no targets are defined; add one under `gateway.targets:`" : `defined targets: ${listNames(targets, "and")}`;
    problems.push({ path, message: `unknown target "${target}"${didYouMean(target, targets)}; ${known}` });
  };
  for (const [name, target] of Object.entries(gateway.targets)) {
    if (target.api_key_env !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(target.api_key_env)) {
      problems.push({ path: ["gateway", "targets", name, "api_key_env"], message: "expected the NAME of an environment variable (e.g. OPENAI_API_KEY), never the key itself" });
    }
  }
  for (const [alias, route] of Object.entries(gateway.routes)) {
    route.targets.forEach((entry, index) => unknown(typeof entry === "string" ? entry : entry.target, ["gateway", "routes", alias, "targets", index]));
    route.fallbacks.forEach((target, index) => unknown(target, ["gateway", "routes", alias, "fallbacks", index]));
    const total = route.targets.reduce((sum, entry) => sum + (typeof entry === "string" ? 1 : entry.weight), 0);
    if (total <= 0) problems.push({ path: ["gateway", "routes", alias, "targets"], message: "the weights add up to 0; give at least one target a positive weight" });
  }
  if (gateway.cache.semantic) {
    unknown(gateway.cache.semantic.target, ["gateway", "cache", "semantic", "target"]);
    if (!gateway.cache.enabled) problems.push({ path: ["gateway", "cache", "semantic"], message: "the semantic cache works with the exact cache: set `gateway.cache.enabled: true`" });
  }
  return problems;
}
