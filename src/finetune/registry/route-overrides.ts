import type { FineTuneStore, PromotionRecord } from "../../spec/finetune-store.js";
import type { RouteOverride, RouteOverrideLayer, RouteOverrideSource } from "../../spec/route-overrides.js";

/**
 * The live route overrides of the registry, replayed from its promotions oldest first, per route: a
 * promotion puts its model on the route (a canary at its share, a full promotion at 100%), replacing any
 * earlier layer of the same model; a rollback removes the withdrawn model's layers, so the layer below
 * (the previous promotion, or the configured split) serves again.
 */
export function routeOverridesFromPromotions(promotions: readonly PromotionRecord[], targets: ReadonlyMap<string, string>): RouteOverride[] {
  const ordered = [...promotions].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const routes = new Map<string, RouteOverrideLayer[]>();
  for (const promotion of ordered) {
    if (promotion.route === null) continue;
    const layers = routes.get(promotion.route) ?? [];
    if (promotion.action === "rollback") {
      const withdrawn = promotion.previousModelId;
      routes.set(promotion.route, layers.filter((layer) => layer.modelId !== withdrawn));
      continue;
    }
    const model = targets.get(promotion.modelId);
    if (model === undefined) continue;
    const kept = layers.filter((layer) => layer.modelId !== promotion.modelId);
    kept.push({ modelId: promotion.modelId, model, gatewayTarget: promotion.gatewayTarget, percent: promotion.canaryPercent ?? 100, promotionId: promotion.id });
    routes.set(promotion.route, kept);
  }
  return [...routes].filter(([, layers]) => layers.length > 0).map(([route, layers]) => ({ route, layers }));
}

/** The registry as the gateway's source of route overrides. */
export function registryRouteOverrides(registry: FineTuneStore): RouteOverrideSource {
  return {
    async listRouteOverrides() {
      const promotions = await registry.listPromotions();
      if (promotions.length === 0) return [];
      const targets = new Map((await registry.listModels()).map((model) => [model.id, model.target]));
      return routeOverridesFromPromotions(promotions, targets);
    },
  };
}
