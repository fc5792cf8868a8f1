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
  json?: boolean;
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
  const keys = gateway.command("keys").description("Create, list and revoke virtual keys (stored hashed; the gateway reads them at start-up).");
  keys
    .command("create")
    .argument("<name>", "key name (shown in logs and metrics)")
    .option("-c, --config <file>", "project file (its folder holds the store)", "tuneops.yaml")
    .option("--rpm <n>", "requests per minute")
    .option("--tpm <n>", "tokens per minute")
    .option("--budget-day <usd>", "USD per UTC day")
    .option("--budget-month <usd>", "USD per UTC month")
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
      else context.terminal.out(`key "${name}": ${key}\n(shown once; the store keeps only its SHA-256. Restart the gateway to use it.)`);
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
    .description("Delete a stored key (restart the gateway to apply).")
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
