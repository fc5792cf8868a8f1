import { join } from "node:path";
import type { GatewayStore } from "../spec/gateway-store.js";
import { openGatewayStore } from "../store/open-gateway-store.js";
import type { CliContext } from "./context.js";

/** The gateway store of a project: PostgreSQL when TUNEOPS_DATABASE_URL is set, else `.tuneops/tuneops.db` beside the project file. */
export function openProjectGatewayStore(context: CliContext, projectDir: string): Promise<GatewayStore> {
  const databaseUrl = context.environment.TUNEOPS_DATABASE_URL;
  return databaseUrl ? openGatewayStore({ databaseUrl }) : openGatewayStore({ sqlitePath: join(projectDir, ".tuneops", "tuneops.db") });
}
