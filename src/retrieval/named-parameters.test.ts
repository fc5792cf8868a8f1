import { describe, expect, it } from "vitest";
import { toPositionalParameters } from "./named-parameters.js";

describe("toPositionalParameters", () => {
  it("numbers each distinct name once for PostgreSQL", () => {
    expect(toPositionalParameters("select * from t where a = :topic or b = :limit or c = :topic", "postgres")).toEqual({
      sql: "select * from t where a = $1 or b = $2 or c = $1",
      parameterNames: ["topic", "limit"],
    });
  });

  it("uses one ? per occurrence for SQLite", () => {
    expect(toPositionalParameters("select * from t where a = :topic or c = :topic and d = :x1", "sqlite")).toEqual({
      sql: "select * from t where a = ? or c = ? and d = ?",
      parameterNames: ["topic", "topic", "x1"],
    });
  });

  it("leaves casts, strings, identifiers and comments alone", () => {
    const sql = `select body::text, '10:30 :no' as "a:b", \`c:d\` from t -- :comment\nwhere x = :yes /* :block */ and y = 'it''s :no'`;
    const result = toPositionalParameters(sql, "postgres");
    expect(result.parameterNames).toEqual(["yes"]);
    expect(result.sql).toBe(sql.replace(":yes", "$1"));
  });

  it("leaves PostgreSQL dollar-quoted bodies and E-strings alone", () => {
    const sql = "select $$ :no $$, $tag$ :no $tag$, E'\\' :no', :yes, $1";
    const result = toPositionalParameters(sql, "postgres");
    expect(result).toEqual({ sql: sql.replace(":yes", "$1"), parameterNames: ["yes"] });
  });

  it("does not take a colon inside a word or an array slice bound for a parameter", () => {
    expect(toPositionalParameters("select a[1:2], x:y from t", "postgres").parameterNames).toEqual([]);
  });

  it("copies an unterminated string to the end without inventing parameters", () => {
    expect(toPositionalParameters("select ':open", "sqlite")).toEqual({ sql: "select ':open", parameterNames: [] });
  });
});
