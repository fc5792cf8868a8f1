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
