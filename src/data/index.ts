export { readDataset, type ReadDatasetOptions } from "./read-dataset.js";
export { datasetExtensions, datasetFormatFromPath, datasetFormatOf, datasetFormats, type DatasetFormat } from "./dataset-format.js";
export { isRowError, type DatasetRecord, type DatasetRow, type DatasetRowError } from "./dataset-row.js";
export { DatasetProblems, formatDatasetProblems, type DatasetProblem } from "./dataset-problems.js";
export { hashFile } from "./hash-file.js";
export { countRows, type RowCount } from "./count-rows.js";
