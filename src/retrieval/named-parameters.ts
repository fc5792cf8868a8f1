export type SqlDialect = "sqlite" | "postgres";

export interface PositionalQuery {
  /** The SQL with each `:name` replaced by the dialect's positional placeholder. */
  sql: string;
  /** The parameter name bound at each position (`$1` is index 0). */
  parameterNames: string[];
}

const identifierStart = /[A-Za-z_]/;
const identifierPart = /[A-Za-z0-9_]/;

/**
 * Rewrites `:name` parameters to positional ones: `?` per occurrence for SQLite, `$n` per distinct name
 * for PostgreSQL. String literals, quoted identifiers, comments, dollar-quoted bodies and `::` casts are
 * copied untouched, so `'10:30'` and `value::text` are not mistaken for parameters.
 */
export function toPositionalParameters(sql: string, dialect: SqlDialect): PositionalQuery {
  let output = "";
  const parameterNames: string[] = [];
  const postgresPositions = new Map<string, number>();
  let position = 0;

  const copyUntil = (end: number): void => {
    output += sql.slice(position, end);
    position = end;
  };

  while (position < sql.length) {
    const character = sql[position] as string;
    const next = sql[position + 1];
    if (character === "'" || character === '"' || character === "`") {
      // A backslash escapes only in PostgreSQL's E'...' strings; elsewhere a quote is escaped by doubling.
      const backslashEscapes = character === "'" && /[eE]/.test(sql[position - 1] ?? "") && !identifierPart.test(sql[position - 2] ?? "");
      copyUntil(endOfQuoted({ sql, start: position, quote: character, backslashEscapes }));
    } else if (character === "-" && next === "-") {
      const end = sql.indexOf("\n", position);
      copyUntil(end === -1 ? sql.length : end);
    } else if (character === "/" && next === "*") {
      const end = sql.indexOf("*/", position + 2);
      copyUntil(end === -1 ? sql.length : end + 2);
    } else if (character === "$" && dialect === "postgres" && !identifierPart.test(sql[position - 1] ?? "")) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(position))?.[0];
      if (tag) {
        const end = sql.indexOf(tag, position + tag.length);
        copyUntil(end === -1 ? sql.length : end + tag.length);
      } else copyUntil(position + 1);
    } else if (character === ":" && next === ":") {
      copyUntil(position + 2);
    } else if (character === ":" && identifierStart.test(next ?? "") && !identifierPart.test(sql[position - 1] ?? "")) {
      let end = position + 1;
      while (end < sql.length && identifierPart.test(sql[end] as string)) end += 1;
      const name = sql.slice(position + 1, end);
      if (dialect === "sqlite") {
        parameterNames.push(name);
        output += "?";
      } else {
        let index = postgresPositions.get(name);
        if (index === undefined) {
          parameterNames.push(name);
          index = parameterNames.length;
          postgresPositions.set(name, index);
        }
        output += `$${index}`;
      }
      position = end;
    } else {
      copyUntil(position + 1);
    }
  }
  return { sql: output, parameterNames };
}

function endOfQuoted(options: { sql: string; start: number; quote: string; backslashEscapes: boolean }): number {
  const { sql, quote, backslashEscapes } = options;
  let position = options.start + 1;
  while (position < sql.length) {
    const character = sql[position];
    if (backslashEscapes && character === "\\") position += 2;
    else if (character === quote && sql[position + 1] === quote) position += 2;
    else if (character === quote) return position + 1;
    else position += 1;
  }
  return sql.length;
}
