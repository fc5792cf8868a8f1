/**
 * Shares of gateway routes given to promoted models, read by the gateway at start-up and refreshed
 * periodically (never per request). Computed from the registry's promotion records, so promoting or
 * rolling back changes live traffic without editing tuneops.yaml.
 */
export interface RouteOverrideSource {
  listRouteOverrides(): Promise<RouteOverride[]>;
}

export interface RouteOverride {
  /** The route (model alias) as configured in `gateway.routes`. */
  route: string;
  /** Applied in order over the configured split: each layer takes its share, the rest keep theirs scaled. */
  layers: RouteOverrideLayer[];
}

export interface RouteOverrideLayer {
  /** Registered model id (log rows name the target `<target>@<model id>`). */
  modelId: string;
  /** Model id sent upstream (the registered model's target, e.g. `ft:gpt-4o-mini:acme::abc`). */
  model: string;
  /** Gateway target serving it; null: the route's first configured target. */
  gatewayTarget: string | null;
  /** Share of the route's traffic, percent, above 0 and at most 100 (100 replaces the configured targets). */
  percent: number;
  /** The promotion that set it. */
  promotionId: string;
}
