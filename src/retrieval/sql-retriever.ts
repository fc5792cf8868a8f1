import { TuneopsError } from "../spec/errors.js";
import type { RetrievedPassage } from "../spec/result.js";
import type { RetrieverV1 } from "../spec/retriever.js";
import type { RenderTemplate } from "./document-retriever.js";
import { toPositionalParameters, type PositionalQuery, type SqlDialect } from "./named-parameters.js";
import { openPostgres, openSqlite, type SqlConnection } from "./sql-connection.js";

export interface SqlRetrieverOptions {
  /** The retriever's name in tuneops.yaml (used in messages). */
  name: string;
  /** `sqlite:path/to.db` (opened read-only) or `postgres://user@host:port/database`. */
  url: string;
  /** SQL with named parameters `:name`. */
  query: string;
  /** A template per parameter, rendered from the case's fields, e.g. `{ topic: "{{ category }}" }`. */
  params: Record<string, string>;
  /** Column holding the passage text. */
  textColumn: string;
  render: RenderTemplate;
}

/** Passages from the user's own database: each row of the query's result is one passage. */
export function createSqlRetriever(options: SqlRetrieverOptions): RetrieverV1 {
  const target = parseUrl(options);
  const query = checkedQuery(options, target.dialect);
  let connection: SqlConnection | undefined;

  const connect = (): SqlConnection => {
    connection ??= target.dialect === "sqlite" ? openSqliteFile({ name: options.name, path: target.path }) : openPostgres(options.url);
    return connection;
  };

  return {
    specificationVersion: "v1",
    name: options.name,
    async prepare() {
      // Fails fast (bad URL, server down, wrong password) before the first case rather than on every case.
      try {
        await connect().query("select 1", []);
      } catch (error) {
        throw queryError({ options, error });
      }
    },
    async retrieve(request): Promise<RetrievedPassage[]> {
      if (request.signal?.aborted) throw new TuneopsError({ code: "aborted", message: `Retrieval "${options.name}" was aborted.`, cause: request.signal.reason });
      const values = query.parameterNames.map((name) => options.render(options.params[name] ?? "", { ...request.vars }));
      let rows: Record<string, unknown>[];
      try {
        rows = await connect().query(query.sql, values);
      } catch (error) {
        throw queryError({ options, error });
      }
      return rowsToPassages({ options, rows });
    },
    async close() {
      const open = connection;
      connection = undefined;
      await open?.close();
    },
  };
}

function openSqliteFile(options: { name: string; path: string }): SqlConnection {
  try {
    return openSqlite(options.path);
  } catch (error) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `Retriever "${options.name}": cannot open the SQLite database ${options.path}: ${errorMessage(error)}`,
      location: { file: options.path, field: `retrievers.${options.name}.url` },
      hint: "Check that the file exists and is a SQLite database (paths are relative to tuneops.yaml).",
      cause: error,
    });
  }
}

function parseUrl(options: SqlRetrieverOptions): { dialect: "sqlite"; path: string } | { dialect: "postgres" } {
  if (options.url.startsWith("sqlite:")) {
    const path = options.url.slice("sqlite:".length).replace(/^\/\//, "");
    if (path) return { dialect: "sqlite", path };
  }
  if (/^postgres(ql)?:\/\//.test(options.url)) return { dialect: "postgres" };
  throw new TuneopsError({
    code: "config_invalid",
    message: `Retriever "${options.name}": unsupported database URL "${redact(options.url)}".`,
    location: { field: `retrievers.${options.name}.url` },
    hint: "Use sqlite:path/to.db or postgres://user@host:5432/database.",
  });
}

/** Every `:name` in the SQL needs a parameter template, and every template a place in the SQL (typos). */
function checkedQuery(options: SqlRetrieverOptions, dialect: SqlDialect): PositionalQuery {
  const query = toPositionalParameters(options.query, dialect);
  const used = new Set(query.parameterNames);
  const missing = [...used].filter((name) => !Object.hasOwn(options.params, name));
  const unused = Object.keys(options.params).filter((name) => !used.has(name));
  if (missing.length > 0 || unused.length > 0) {
    const problems = [
      ...(missing.length > 0 ? [`the query uses ${missing.map((name) => `:${name}`).join(", ")} with no template in params`] : []),
      ...(unused.length > 0 ? [`params ${unused.join(", ")} ${unused.length === 1 ? "is" : "are"} not used in the query`] : []),
    ];
    throw new TuneopsError({
      code: "config_invalid",
      message: `Retriever "${options.name}": ${problems.join("; ")}.`,
      location: { field: `retrievers.${options.name}.params` },
      hint: "Give each :name in the query a template under params, e.g. params: { topic: '{{ category }}' }.",
    });
  }
  return query;
}

function rowsToPassages(options: { options: SqlRetrieverOptions; rows: Record<string, unknown>[] }): RetrievedPassage[] {
  const { textColumn, name } = options.options;
  const first = options.rows[0];
  if (first && !Object.hasOwn(first, textColumn)) {
    throw new TuneopsError({
      code: "config_invalid",
      message: `Retriever "${name}": the query returns no column "${textColumn}" (it returns ${Object.keys(first).join(", ") || "no columns"}).`,
      location: { field: `retrievers.${name}.text_column` },
      hint: "Set text_column to the column holding the passage text, or alias it in the query (AS text).",
    });
  }
  return options.rows.flatMap((row, index) => {
    const value = row[textColumn];
    if (value === null || value === undefined) return [];
    const text = typeof value === "string" ? value : typeof value === "object" && !(value instanceof Date) ? JSON.stringify(value) : String(value);
    return [{ source: `sql:row ${index + 1}`, text }];
  });
}

const connectionErrorCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "57P01", "57P03", "53300"]);

function queryError(options: { options: SqlRetrieverOptions; error: unknown }): TuneopsError {
  const { name, url } = options.options;
  const { error } = options;
  if (error instanceof TuneopsError) return error;
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  if (connectionErrorCodes.has(code)) {
    return new TuneopsError({
      code: "provider_unavailable",
      message: `Retriever "${name}": the database at ${redact(url)} is unavailable: ${errorMessage(error)}`,
      isRetryable: true,
      location: { url: redact(url) },
      cause: error,
    });
  }
  return new TuneopsError({
    code: "config_invalid",
    message: `Retriever "${name}": the query failed: ${errorMessage(error)}`,
    location: { field: `retrievers.${name}.query` },
    hint: "Run the query against the database by hand to check it; named parameters are written :name.",
    cause: error,
  });
}

/** Drops a password from a database URL before it reaches a message or a log. */
function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@/]*@/, "$1:***@");
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
