import { join } from "node:path";
import type { GatewayStore } from "../spec/gateway-store.js";
import { openGatewayStore } from "../store/open-gateway-store.js";
import type { OpenStoreOptions } from "../store/open-store.js";
import type { CliContext } from "./context.js";

/** Where a project's gateway store lives: PostgreSQL when TUNEOPS_DATABASE_URL is set, else `.tuneops/tuneops.db` beside the project file. */
export function gatewayStoreOptions(context: CliContext, projectDir: string): OpenStoreOptions {
  const databaseUrl = context.environment.TUNEOPS_DATABASE_URL;
  return databaseUrl ? { databaseUrl } : { sqlitePath: join(projectDir, ".tuneops", "tuneops.db") };
}

export function openProjectGatewayStore(context: CliContext, projectDir: string): Promise<GatewayStore> {
  return openGatewayStore(gatewayStoreOptions(context, projectDir));
}
