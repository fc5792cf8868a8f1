export { tokenize, englishStopWords, type TokenizeOptions } from "./tokenize.js";
export { Bm25Index, type Bm25Hit, type Bm25Options } from "./bm25.js";
export { splitPassages, type SplitPassagesOptions } from "./split-passages.js";
export { createDocumentRetriever, type DocumentRetrieverOptions, type RenderTemplate } from "./document-retriever.js";
export { createSqlRetriever, type SqlRetrieverOptions } from "./sql-retriever.js";
export { toPositionalParameters, type PositionalQuery, type SqlDialect } from "./named-parameters.js";
