import type { UpstreamTarget } from "./upstream-target.js";

/** One route: the targets that share its traffic by weight, and the fallbacks tried after them in order. */
export interface Route {
  /** The alias as configured (`*` for the catch-all): the `route` of log rows and metric labels. */
  readonly name: string;
  readonly weighted: readonly { target: UpstreamTarget; weight: number }[];
  readonly fallbacks: readonly UpstreamTarget[];
  readonly retries: number;
  /** Lower-cased header naming the user, for sticky splits. */
  readonly stickyHeader: string | undefined;
  /** Whether the cache may answer and store this route's requests. */
  readonly cache: boolean;
  /** Output tokens reserved for a request that states no max_tokens. */
  readonly reserveOutputTokens: number;
}

export class RouteTable {
  readonly #routes: ReadonlyMap<string, Route>;
  readonly #catchAll: Route | undefined;

  constructor(routes: readonly Route[]) {
    this.#routes = new Map(routes.filter((route) => route.name !== "*").map((route) => [route.name, route]));
    this.#catchAll = routes.find((route) => route.name === "*");
  }

  resolve(model: string): Route | undefined {
    return this.#routes.get(model) ?? this.#catchAll;
  }

  /** Aliases a client can name (the catch-all excluded). */
  aliases(): string[] {
    return [...this.#routes.keys()];
  }

  /** The `*` route, when configured. */
  get catchAll(): Route | undefined {
    return this.#catchAll;
  }
}

/** FNV-1a, 32 bits: spreads user ids evenly and is the same in every process. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The targets to try for one request, in order: a weighted pick (deterministic for a sticky user),
 * then the fallbacks, skipping a fallback that is the picked target.
 */
export function planAttempts(route: Route, stickyValue: string | undefined, random: () => number = Math.random): UpstreamTarget[] {
  const first = route.weighted.length === 1 ? route.weighted[0]?.target : pickWeighted(route, stickyValue, random);
  const plan: UpstreamTarget[] = first ? [first] : [];
  for (const fallback of route.fallbacks) if (fallback !== first) plan.push(fallback);
  return plan;
}

function pickWeighted(route: Route, stickyValue: string | undefined, random: () => number): UpstreamTarget | undefined {
  let total = 0;
  for (const entry of route.weighted) total += entry.weight;
  const unit = stickyValue === undefined ? random() : hashText(stickyValue) / 0x1_0000_0000;
  let point = unit * total;
  for (const entry of route.weighted) {
    if (entry.weight <= 0) continue;
    if (point < entry.weight) return entry.target;
    point -= entry.weight;
  }
  return route.weighted.findLast((entry) => entry.weight > 0)?.target;
}
