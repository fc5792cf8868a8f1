import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import type { Command } from "commander";
import { hashKey } from "../../gateway/virtual-keys.js";
import { TuneopsError } from "../../spec/errors.js";
import type { CliContext } from "../context.js";
import { projectDirOf } from "../compose.js";
import { openProjectGatewayStore } from "../gateway-store.js";
import { forThisShell } from "../invocation.js";

interface KeyFlags {
  config: string;
  rpm?: string;
  tpm?: string;
  budgetDay?: string;
  budgetMonth?: string;
  expires?: string;
  routes?: string;
  models?: string;
  admin?: boolean;
  json?: boolean;
}

const durationUnits: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--expires`: an ISO 8601 time, or a duration from now like `30d`, `12h` or `90m`. */
export function parseExpiry(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const duration = /^(\d+)([mhd])$/.exec(value.trim());
  const at = duration ? now + Number(duration[1]) * (durationUnits[duration[2] ?? "d"] ?? 0) : Date.parse(value);
  if (!Number.isFinite(at) || at <= now) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `--expires must be a future time (ISO 8601, e.g. 2027-01-31T00:00:00Z) or a duration like 30d, 12h or 90m, got "${value}"`,
      location: { field: "--expires" },
    });
  }
  return at;
}

function parseList(value: string | undefined, flag: string): string[] | null {
  if (value === undefined) return null;
  const items = value.split(",").map((item) => item.trim()).filter((item) => item !== "");
  if (items.length === 0) throw new TuneopsError({ code: "input_invalid", message: `${flag} needs at least one name (comma-separated), got "${value}"`, location: { field: flag } });
  return [...new Set(items)];
}

function parseLimit(value: string | undefined, flag: string, integer: boolean): number | null {
  if (value === undefined) return null;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || (integer && (!Number.isInteger(number) || number === 0))) {
    throw new TuneopsError({ code: "input_invalid", message: `${flag} must be a ${integer ? "positive whole number" : "non-negative number"}, got "${value}"`, location: { field: flag } });
  }
  return number;
}

/** `tuneops gateway keys create|list|revoke`: virtual keys stored hashed in the project's store. */
export function registerGatewayKeysCommand(gateway: Command, context: CliContext): void {
  const keys = gateway
    .command("keys")
    .description("Create, list and revoke virtual keys (stored hashed; a running gateway uses a new key at once and drops a revoked one within gateway.keys_refresh_ms).");
  keys
    .command("create")
    .argument("<name>", "key name (shown in logs and metrics)")
    .option("-c, --config <file>", "project file (its folder holds the store)", "tuneops.yaml")
    .option("--rpm <n>", "requests per minute")
    .option("--tpm <n>", "tokens per minute")
    .option("--budget-day <usd>", "USD per UTC day")
    .option("--budget-month <usd>", "USD per UTC month")
    .option("--expires <when>", "when the key stops working: ISO 8601 time or a duration like 30d, 12h, 90m")
    .option("--routes <names>", "comma-separated routes (model aliases, `*` for the catch-all) the key may use")
    .option("--models <names>", "comma-separated models the key may ask for")
    .option("--admin", "may give feedback on any request (other keys only on their own)")
    .option("--json", "print JSON")
    .description("Create (or replace) a key; prints it once.")
    .action(async (name: string, flags: KeyFlags) => {
      if (!/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/.test(name)) throw new TuneopsError({ code: "input_invalid", message: `invalid key name "${name}": use letters, digits, '.', '_', ':', '/' or '-'`, location: { field: "name" } });
      const record = {
        name,
        sha256: "",
        requestsPerMinute: parseLimit(flags.rpm, "--rpm", true),
        tokensPerMinute: parseLimit(flags.tpm, "--tpm", true),
        budgetUsdPerDay: parseLimit(flags.budgetDay, "--budget-day", false),
        budgetUsdPerMonth: parseLimit(flags.budgetMonth, "--budget-month", false),
        expiresAt: parseExpiry(flags.expires, Date.now()),
        routes: parseList(flags.routes, "--routes"),
        models: parseList(flags.models, "--models"),
        admin: flags.admin === true,
        createdAt: Date.now(),
      };
      const key = `tko-${randomBytes(24).toString("base64url")}`;
      record.sha256 = hashKey(key);
      const store = await openProjectGatewayStore(context, projectDirOf(resolve(flags.config)));
      try {
        await store.upsertVirtualKey(record);
      } finally {
        await store.close();
      }
      if (flags.json) context.terminal.out(JSON.stringify({ name, key, sha256: record.sha256 }));
      else context.terminal.out(`key "${name}": ${key}\n(shown once; the store keeps only its SHA-256. A running gateway accepts it at once.)`);
    });
  keys
    .command("list")
    .option("-c, --config <file>", "project file (its folder holds the store)", "tuneops.yaml")
    .option("--json", "print JSON")
    .description("List stored keys (names and limits, never the keys).")
    .action(async (flags: KeyFlags) => {
      const store = await openProjectGatewayStore(context, projectDirOf(resolve(flags.config)));
      try {
        const list = await store.listVirtualKeys();
        if (flags.json) {
          context.terminal.out(JSON.stringify(list.map(({ sha256: _hash, ...rest }) => rest), null, 2));
          return;
        }
        if (list.length === 0) context.terminal.out(forThisShell(context, "no stored keys: create one with `tuneops gateway keys create <name>`"));
        for (const key of list) {
          const limits = [
            key.requestsPerMinute === null ? "" : `${key.requestsPerMinute} req/min`,
            key.tokensPerMinute === null ? "" : `${key.tokensPerMinute} tok/min`,
            key.budgetUsdPerDay === null ? "" : `$${key.budgetUsdPerDay}/day`,
            key.budgetUsdPerMonth === null ? "" : `$${key.budgetUsdPerMonth}/month`,
            key.expiresAt == null ? "" : `${key.expiresAt <= Date.now() ? "expired" : "expires"} ${new Date(key.expiresAt).toISOString()}`,
            key.routes == null ? "" : `routes ${key.routes.join(",")}`,
            key.models == null ? "" : `models ${key.models.join(",")}`,
            key.admin === true ? "admin" : "",
          ].filter(Boolean);
          context.terminal.out(`${key.name}\t${limits.join(", ") || "no limits"}`);
        }
      } finally {
        await store.close();
      }
    });
  keys
    .command("revoke")
    .argument("<name>")
    .option("-c, --config <file>", "project file (its folder holds the store)", "tuneops.yaml")
    .description("Delete a stored key (a running gateway refuses it within gateway.keys_refresh_ms, at once on SIGHUP).")
    .action(async (name: string, flags: KeyFlags) => {
      const store = await openProjectGatewayStore(context, projectDirOf(resolve(flags.config)));
      try {
        if (!(await store.deleteVirtualKey(name))) throw new TuneopsError({ code: "not_found", message: `no stored key named "${name}"`, hint: "List keys with `tuneops gateway keys list`." });
        context.terminal.out(`revoked key "${name}"`);
      } finally {
        await store.close();
      }
    });
}
