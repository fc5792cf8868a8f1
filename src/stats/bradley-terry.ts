import type { PairwiseCounts } from "./pairwise-counts.js";

/**
 * Bradley-Terry by maximum likelihood: P(i beats j) = 1 / (1 + exp(θj - θi)) with θ the players'
 * natural-log strengths; a tie counts as half a win for each side (the convention of Chatbot Arena's
 * `compute_mle_elo`, which duplicates ties as one win each at half weight). The fit is Newton's method
 * on the aggregated counts (the log-likelihood is concave; a step that would lower it is halved), so
 * its cost is O(cells + players³) per iteration whatever the number of battles.
 *
 * The maximum exists and is unique exactly when the "beat or tied" graph is strongly connected (Zermelo,
 * Ford): every player has won or drawn against, and lost or drawn against, the rest by some chain.
 * Otherwise (a player who never lost, a group that never met the others) some strengths run off to
 * infinity; the fit then adds a weak Gaussian prior (ridge) on θ and says so in `ridge`.
 */
export interface BradleyTerryFit {
  /** Natural-log strengths, centred on mean 0. */
  strengths: Float64Array;
  /** Newton iterations taken. */
  iterations: number;
  /** The L2 penalty λ·Σθ²/2 used: 0 for the plain maximum-likelihood estimate. */
  ridge: number;
  logLikelihood: number;
}

export interface BradleyTerryOptions {
  /** Starting strengths (warm start, e.g. the point estimate for bootstrap rounds). */
  initial?: Float64Array;
  /** The ridge λ; default 0 when the maximum-likelihood estimate exists, else `fallbackRidge`. */
  ridge?: number;
  /** Stop when no strength moves more than this in an iteration. */
  tolerance?: number;
  maxIterations?: number;
}

/**
 * The ridge used when the plain maximum does not exist: a N(0, 10²) prior on each log-strength (a
 * standard deviation of about 1,700 Elo points), which keeps estimates finite and barely moves any
 * strength that the data do determine.
 */
export const fallbackRidge = 0.01;

/** Elo points per unit of natural-log strength: 400 points per factor of 10 in the odds. */
export const eloPerLogUnit = 400 / Math.LN10;

function logSigmoid(value: number): number {
  return value >= 0 ? -Math.log1p(Math.exp(-value)) : value - Math.log1p(Math.exp(value));
}

function logLikelihood(counts: PairwiseCounts, theta: Float64Array, ridge: number): number {
  let total = 0;
  for (let cell = 0; cell < counts.first.length; cell += 1) {
    const half = (counts.ties[cell] as number) / 2;
    const difference = (theta[counts.first[cell] as number] as number) - (theta[counts.second[cell] as number] as number);
    const won = (counts.wins[cell] as number) + half;
    const lost = (counts.losses[cell] as number) + half;
    if (won > 0) total += won * logSigmoid(difference);
    if (lost > 0) total += lost * logSigmoid(-difference);
  }
  if (ridge > 0) for (const value of theta) total -= (ridge * value * value) / 2;
  return total;
}

/** Whether every player reaches every other along "won or tied against" edges, and back. */
export function maximumLikelihoodExists(counts: PairwiseCounts): boolean {
  const players = counts.playerCount;
  if (players <= 1) return true;
  const beat: number[][] = Array.from({ length: players }, () => []);
  const beatenBy: number[][] = Array.from({ length: players }, () => []);
  for (let cell = 0; cell < counts.first.length; cell += 1) {
    const i = counts.first[cell] as number;
    const j = counts.second[cell] as number;
    const ties = counts.ties[cell] as number;
    if ((counts.wins[cell] as number) + ties > 0) {
      beat[i]?.push(j);
      beatenBy[j]?.push(i);
    }
    if ((counts.losses[cell] as number) + ties > 0) {
      beat[j]?.push(i);
      beatenBy[i]?.push(j);
    }
  }
  const reachesAll = (edges: number[][]): boolean => {
    const seen = new Uint8Array(players);
    const stack = [0];
    seen[0] = 1;
    let count = 1;
    while (stack.length > 0) {
      const player = stack.pop() as number;
      for (const next of edges[player] as number[]) {
        if (seen[next] === 0) {
          seen[next] = 1;
          count += 1;
          stack.push(next);
        }
      }
    }
    return count === players;
  };
  return reachesAll(beat) && reachesAll(beatenBy);
}

/**
 * Where the data leave strengths unbounded (when `maximumLikelihoodExists` is false): players are grouped
 * into the strongly connected components of the "won or tied against" graph; a group no outsider ever
 * beat or tied can be pushed up without limit (flag 1: unbounded above), a group that never beat or tied
 * an outsider can be pushed down without limit (flag 2: unbounded below). 0 where the data bound it.
 */
export function unboundedDirections(counts: PairwiseCounts): Uint8Array {
  const players = counts.playerCount;
  const beat: number[][] = Array.from({ length: players }, () => []);
  for (let cell = 0; cell < counts.first.length; cell += 1) {
    const i = counts.first[cell] as number;
    const j = counts.second[cell] as number;
    const ties = counts.ties[cell] as number;
    if ((counts.wins[cell] as number) + ties > 0) beat[i]?.push(j);
    if ((counts.losses[cell] as number) + ties > 0) beat[j]?.push(i);
  }
  // Tarjan's strongly connected components, iteratively (no recursion depth limit).
  const index = new Int32Array(players).fill(-1);
  const low = new Int32Array(players);
  const component = new Int32Array(players).fill(-1);
  const onStack = new Uint8Array(players);
  const stack: number[] = [];
  let counter = 0;
  let components = 0;
  for (let root = 0; root < players; root += 1) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1] as [number, number];
      const [player, edge] = frame;
      if (edge === 0) {
        index[player] = low[player] = counter++;
        stack.push(player);
        onStack[player] = 1;
      }
      const edges = beat[player] as number[];
      if (edge < edges.length) {
        frame[1] = edge + 1;
        const next = edges[edge] as number;
        if (index[next] === -1) work.push([next, 0]);
        else if (onStack[next] === 1) low[player] = Math.min(low[player] as number, index[next] as number);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent[0]] = Math.min(low[parent[0]] as number, low[player] as number);
      if (low[player] === index[player]) {
        for (;;) {
          const member = stack.pop() as number;
          onStack[member] = 0;
          component[member] = components;
          if (member === player) break;
        }
        components += 1;
      }
    }
  }
  const flags = new Uint8Array(players);
  if (components <= 1) return flags;
  const beatenFromOutside = new Uint8Array(components);
  const beatsOutside = new Uint8Array(components);
  for (let player = 0; player < players; player += 1) {
    for (const other of beat[player] as number[]) {
      if (component[player] !== component[other]) {
        beatsOutside[component[player] as number] = 1;
        beatenFromOutside[component[other] as number] = 1;
      }
    }
  }
  for (let player = 0; player < players; player += 1) {
    const group = component[player] as number;
    flags[player] = (beatenFromOutside[group] === 0 ? 1 : 0) | (beatsOutside[group] === 0 ? 2 : 0);
  }
  return flags;
}

/**
 * Solves A x = b in place for a symmetric positive definite A (row-major, size × size) by Cholesky;
 * returns false when A is not positive definite.
 */
function solvePositiveDefinite(matrix: Float64Array, vector: Float64Array, size: number): boolean {
  for (let column = 0; column < size; column += 1) {
    let diagonal = matrix[column * size + column] as number;
    for (let k = 0; k < column; k += 1) diagonal -= (matrix[column * size + k] as number) ** 2;
    if (!(diagonal > 0)) return false;
    const root = Math.sqrt(diagonal);
    matrix[column * size + column] = root;
    for (let row = column + 1; row < size; row += 1) {
      let value = matrix[row * size + column] as number;
      for (let k = 0; k < column; k += 1) value -= (matrix[row * size + k] as number) * (matrix[column * size + k] as number);
      matrix[row * size + column] = value / root;
    }
  }
  for (let row = 0; row < size; row += 1) {
    let value = vector[row] as number;
    for (let k = 0; k < row; k += 1) value -= (matrix[row * size + k] as number) * (vector[k] as number);
    vector[row] = value / (matrix[row * size + row] as number);
  }
  for (let row = size - 1; row >= 0; row -= 1) {
    let value = vector[row] as number;
    for (let k = row + 1; k < size; k += 1) value -= (matrix[k * size + row] as number) * (vector[k] as number);
    vector[row] = value / (matrix[row * size + row] as number);
  }
  return true;
}

export function fitBradleyTerry(counts: PairwiseCounts, options: BradleyTerryOptions = {}): BradleyTerryFit {
  const players = counts.playerCount;
  const ridge = options.ridge ?? (maximumLikelihoodExists(counts) ? 0 : fallbackRidge);
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 200;
  const theta = options.initial === undefined ? new Float64Array(players) : Float64Array.from(options.initial);
  if (players <= 1) return { strengths: new Float64Array(players), iterations: 0, ridge, logLikelihood: 0 };
  // Without a ridge the likelihood only sees differences: hold player 0 fixed and solve for the rest.
  const offset = ridge > 0 ? 0 : 1;
  const size = players - offset;
  const gradient = new Float64Array(players);
  const curvature = new Float64Array(players * players);
  const step = new Float64Array(size);
  const system = new Float64Array(size * size);
  const trial = new Float64Array(players);
  let current = logLikelihood(counts, theta, ridge);
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations += 1;
    gradient.fill(0);
    curvature.fill(0);
    for (let cell = 0; cell < counts.first.length; cell += 1) {
      const i = counts.first[cell] as number;
      const j = counts.second[cell] as number;
      const half = (counts.ties[cell] as number) / 2;
      const won = (counts.wins[cell] as number) + half;
      const total = won + (counts.losses[cell] as number) + half;
      if (total === 0) continue;
      const probability = 1 / (1 + Math.exp((theta[j] as number) - (theta[i] as number)));
      const residual = won - total * probability;
      const weight = total * probability * (1 - probability);
      gradient[i] = (gradient[i] as number) + residual;
      gradient[j] = (gradient[j] as number) - residual;
      curvature[i * players + i] = (curvature[i * players + i] as number) + weight;
      curvature[j * players + j] = (curvature[j * players + j] as number) + weight;
      curvature[i * players + j] = (curvature[i * players + j] as number) - weight;
      curvature[j * players + i] = (curvature[j * players + i] as number) - weight;
    }
    for (let player = 0; player < players; player += 1) {
      if (ridge > 0) {
        gradient[player] = (gradient[player] as number) - ridge * (theta[player] as number);
        curvature[player * players + player] = (curvature[player * players + player] as number) + ridge;
      }
    }
    for (let row = 0; row < size; row += 1) {
      step[row] = gradient[row + offset] as number;
      for (let column = 0; column < size; column += 1) system[row * size + column] = curvature[(row + offset) * players + column + offset] as number;
    }
    if (!solvePositiveDefinite(system, step, size)) {
      // Only reachable when the caller forced ridge 0 on data without a finite maximum.
      throw new RangeError("fitBradleyTerry: the comparison graph is not connected; pass a ridge > 0");
    }
    let scale = 1;
    let accepted = false;
    for (let halving = 0; halving < 40; halving += 1) {
      for (let player = 0; player < players; player += 1) trial[player] = (theta[player] as number) + (player < offset ? 0 : scale * (step[player - offset] as number));
      const next = logLikelihood(counts, trial, ridge);
      if (next >= current - 1e-12 * Math.abs(current)) {
        theta.set(trial);
        current = next;
        accepted = true;
        break;
      }
      scale /= 2;
    }
    let largest = 0;
    for (const value of step) largest = Math.max(largest, Math.abs(value * scale));
    if (!accepted || largest < tolerance) break;
  }
  let mean = 0;
  for (const value of theta) mean += value;
  mean /= players;
  for (let player = 0; player < players; player += 1) theta[player] = (theta[player] as number) - mean;
  return { strengths: theta, iterations, ridge, logLikelihood: logLikelihood(counts, theta, ridge) };
}
