import type { RouteOverride } from "../spec/route-overrides.js";
import type { Route } from "./route-table.js";
import type { UpstreamTarget } from "./upstream-target.js";

export interface OverriddenRoutes {
  routes: Route[];
  /** One line per overridden route, e.g. `support: primary 75%, primary@ft-1 25% (promotion p1)`. */
  described: string[];
  /** Overrides that could not be applied, each with why (the route keeps its configured split). */
  problems: string[];
}

/**
 * The configured routes with the registry's overrides applied. Each layer gives its model `percent` of
 * the route and scales the shares below it to the rest; 100% replaces them. The model is served by the
 * layer's gateway target or, by default, the route's first target with the model id replaced: the
 * promoted target shares that target's connection pool, so nothing is opened per refresh.
 */
export function applyRouteOverrides(base: readonly Route[], overrides: readonly RouteOverride[], targets: ReadonlyMap<string, UpstreamTarget>): OverriddenRoutes {
  const byName = new Map(base.map((route) => [route.name, route]));
  const catchAll = byName.get("*");
  const problems: string[] = [];
  const described: string[] = [];
  for (const override of overrides) {
    const configured = byName.get(override.route) ?? (catchAll ? { ...catchAll, name: override.route } : undefined);
    const first = configured?.weighted[0]?.target;
    if (configured === undefined || first === undefined) {
      problems.push(`route ${override.route}: not in gateway.routes (and no "*" route), so its promotion cannot apply`);
      continue;
    }
    const total = configured.weighted.reduce((sum, entry) => sum + entry.weight, 0);
    let weighted = total > 0 ? configured.weighted.map((entry) => ({ target: entry.target, weight: (entry.weight * 100) / total })) : [];
    for (const layer of override.layers) {
      const carrier = layer.gatewayTarget === null ? first : targets.get(layer.gatewayTarget);
      if (carrier === undefined) {
        problems.push(`route ${override.route}: promotion ${layer.promotionId} names gateway target "${layer.gatewayTarget}", which is not in gateway.targets`);
        continue;
      }
      const target: UpstreamTarget = { ...carrier, name: `${carrier.name}@${layer.modelId}`, model: layer.gatewayTarget !== null && carrier.model !== undefined ? carrier.model : layer.model };
      const share = Math.min(100, Math.max(0, layer.percent));
      weighted = share >= 100 ? [{ target, weight: 100 }] : [...weighted.map((entry) => ({ target: entry.target, weight: (entry.weight * (100 - share)) / 100 })), { target, weight: share }];
    }
    byName.set(override.route, { ...configured, weighted });
    const promotions = override.layers.map((layer) => layer.promotionId).join(", ");
    described.push(`${override.route}: ${weighted.filter((entry) => entry.weight > 0).map((entry) => `${entry.target.name} ${round(entry.weight)}%`).join(", ")} (promotion ${promotions})`);
  }
  return { routes: [...byName.values()], described, problems };
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}
