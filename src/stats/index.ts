export { createRandom, randomInt, type RandomSource } from "./random.js";
export { normalQuantile } from "./normal-quantile.js";
export { logGamma, logBeta, regularizedIncompleteBeta } from "./special-functions.js";
export { studentTCdf, studentTDensity, studentTQuantile } from "./student-t.js";
export { wilsonInterval, type Interval } from "./wilson-interval.js";
export { meanInterval, type MeanInterval } from "./mean-interval.js";
export { percentile, quantile, quantiles } from "./percentile.js";
export { RunningStats } from "./running-stats.js";
export { Reservoir, type ReservoirOptions } from "./reservoir.js";
export { erf, erfc, normalCdf, chiSquareOneSurvival } from "./normal-cdf.js";
export {
  bootstrapInterval,
  bootstrapMeanInterval,
  bootstrapCorpusInterval,
  bootstrapCorpusIntervalFlat,
  type BootstrapOptions,
  type BootstrapStatisticOptions,
  type BootstrapInterval,
} from "./bootstrap.js";
export { clusteredMeanInterval, type ClusteredMeanInterval } from "./clustered.js";
export { pairedDifference, mcnemar, type PairedDifference, type McNemarResult } from "./paired.js";
export { pairedProportionDifference, type PairedCounts, type PairedProportionDifference } from "./paired-proportion.js";
export { minimumDetectableEffect, requiredSampleSize, type PowerDesign } from "./power.js";
export { passAtK, passHatK, consistencyReport, type ConsistencyRow, type ConsistencyReport } from "./consistency.js";
export { sampleBinomial } from "./binomial-sample.js";
export {
  PairwiseCountsBuilder,
  battlesPerPlayer,
  resamplePairwiseCounts,
  totalBattles,
  type PairwiseCounts,
  type PairwiseOutcome,
} from "./pairwise-counts.js";
export { eloPerLogUnit, fallbackRidge, fitBradleyTerry, maximumLikelihoodExists, type BradleyTerryFit, type BradleyTerryOptions } from "./bradley-terry.js";
export {
  bradleyTerryRatings,
  intervalRanks,
  toEloRatings,
  type BradleyTerryRatings,
  type BradleyTerryRatingsOptions,
  type RatingScale,
} from "./bradley-terry-ratings.js";
export { onlineElo, type BattleSequence, type OnlineEloOptions } from "./elo.js";
