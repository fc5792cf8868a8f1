export type { PriceEntry } from "./price-entry.js";
export { costOfUsage } from "./cost-of-usage.js";
export { modelIdCandidates } from "./model-id-candidates.js";
export {
  builtinPricesUrl,
  createPriceTable,
  loadPriceTable,
  priceFileSchema,
  readPriceFile,
  type LoadPriceTableOptions,
  type PriceConfigInput,
  type PriceFile,
  type PriceTable,
} from "./price-table.js";
export { importLiteLlmPrices, type ImportLiteLlmOptions } from "./import-litellm-prices.js";
export { defaultTcoAssumptions, resolveTcoAssumptions, type TcoAssumptions, type TcoOverrides } from "./tco-assumptions.js";
export { hoursPerMonth, marginalCostPerRequest, monthlyCost, netValue, selfHostedGpuHours, type CostLine, type MonthlyCost, type OptionCostProfile, type OptionKind } from "./tco.js";
export { breakEvenVolumes, type BreakEven } from "./break-even.js";
export { defaultEpochs, epochHeuristic, estimateFineTune, type FineTuneEstimate } from "./fine-tune-estimate.js";
