import { describe, expect, it } from "vitest";
import type { PromotionRecord } from "../../spec/finetune-store.js";
import { routeOverridesFromPromotions } from "./route-overrides.js";

let clock = 0;
function promotion(patch: Partial<PromotionRecord> & Pick<PromotionRecord, "id" | "modelId">): PromotionRecord {
  return { useCase: "support", action: "promote", previousModelId: null, status: "canary", route: "support", canaryPercent: 10, gatewayTarget: null, gate: {}, createdAt: ++clock, ...patch };
}

const targets = new Map([
  ["b", "ft:b"],
  ["c", "ft:c"],
]);

describe("routeOverridesFromPromotions", () => {
  it("layers canaries and full promotions per route, and rollbacks peel the withdrawn model off", () => {
    const canaryB = promotion({ id: "p1", modelId: "b", previousModelId: "a" });
    const fullB = promotion({ id: "p2", modelId: "b", previousModelId: "a", status: "active", canaryPercent: null });
    const canaryC = promotion({ id: "p3", modelId: "c", previousModelId: "b", canaryPercent: 20, gatewayTarget: "vllm" });
    expect(routeOverridesFromPromotions([canaryB], targets)).toEqual([{ route: "support", layers: [{ modelId: "b", model: "ft:b", gatewayTarget: null, percent: 10, promotionId: "p1" }] }]);
    expect(routeOverridesFromPromotions([canaryB, fullB], targets)[0]?.layers).toEqual([{ modelId: "b", model: "ft:b", gatewayTarget: null, percent: 100, promotionId: "p2" }]);
    // Newest first, as the store lists them: the order is rebuilt from the times.
    expect(routeOverridesFromPromotions([canaryC, fullB, canaryB], targets)[0]?.layers.map((layer) => [layer.modelId, layer.percent, layer.gatewayTarget])).toEqual([
      ["b", 100, null],
      ["c", 20, "vllm"],
    ]);
    const rollbackC = promotion({ id: "p4", action: "rollback", modelId: "b", previousModelId: "c", status: "active", canaryPercent: null });
    expect(routeOverridesFromPromotions([canaryB, fullB, canaryC, rollbackC], targets)[0]?.layers.map((layer) => layer.modelId)).toEqual(["b"]);
    const rollbackCanary = promotion({ id: "p5", action: "rollback", modelId: "a", previousModelId: "b", status: "active", canaryPercent: null });
    expect(routeOverridesFromPromotions([canaryB, rollbackCanary], targets)).toEqual([]);
  });

  it("ignores promotions without a route and models no longer registered", () => {
    expect(routeOverridesFromPromotions([promotion({ id: "p1", modelId: "b", route: null }), promotion({ id: "p2", modelId: "gone" })], targets)).toEqual([]);
  });
});
