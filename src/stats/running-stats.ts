/**
 * Streaming mean, variance, min and max in constant memory (Welford's algorithm): numerically stable
 * where the textbook sum-of-squares formula cancels. Two accumulators merge exactly (Chan et al.), so
 * workers can summarise in parallel.
 */
export class RunningStats {
  private n = 0;
  private runningMean = 0;
  /** Sum of squared deviations from the current mean. */
  private m2 = 0;
  private minimum = Infinity;
  private maximum = -Infinity;

  push(value: number): void {
    this.n += 1;
    const delta = value - this.runningMean;
    this.runningMean += delta / this.n;
    this.m2 += delta * (value - this.runningMean);
    // Math.min/max, as `merge` uses: they also order -0 below +0, so one pass and a merge agree.
    this.minimum = Math.min(this.minimum, value);
    this.maximum = Math.max(this.maximum, value);
  }

  /** Folds another accumulator into this one. */
  merge(other: RunningStats): void {
    if (other.n === 0) return;
    if (this.n === 0) {
      this.n = other.n;
      this.runningMean = other.runningMean;
      this.m2 = other.m2;
      this.minimum = other.minimum;
      this.maximum = other.maximum;
      return;
    }
    const total = this.n + other.n;
    const delta = other.runningMean - this.runningMean;
    this.runningMean += (delta * other.n) / total;
    this.m2 += other.m2 + (delta * delta * this.n * other.n) / total;
    this.n = total;
    this.minimum = Math.min(this.minimum, other.minimum);
    this.maximum = Math.max(this.maximum, other.maximum);
  }

  get count(): number {
    return this.n;
  }

  /** NaN when empty. */
  get mean(): number {
    return this.n === 0 ? NaN : this.runningMean;
  }

  /** Sample variance (n - 1 denominator); NaN when fewer than 2 values. */
  get variance(): number {
    return this.n < 2 ? NaN : this.m2 / (this.n - 1);
  }

  /** Population variance (n denominator); NaN when empty. */
  get populationVariance(): number {
    return this.n === 0 ? NaN : this.m2 / this.n;
  }

  /** Sample standard deviation; NaN when fewer than 2 values. */
  get sd(): number {
    return Math.sqrt(this.variance);
  }

  /** NaN when empty. */
  get min(): number {
    return this.n === 0 ? NaN : this.minimum;
  }

  /** NaN when empty. */
  get max(): number {
    return this.n === 0 ? NaN : this.maximum;
  }
}
