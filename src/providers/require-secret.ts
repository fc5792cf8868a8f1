import { TuneopsError } from "../spec/errors.js";

/**
 * The value of the API-key variable a provider's `api_key_env` names; a clear config error naming the
 * variable (never its value) when it is not set. `use` says what the provider is used for, for the hint.
 */
export function requireSecret(options: { name: string; readSecret: (name: string) => string | undefined; variable: string; use: string }): string {
  const value = options.readSecret(options.variable);
  if (value !== undefined) return value;
  throw new TuneopsError({
    code: "config_invalid",
    message: `providers.${options.name}: the environment variable ${options.variable} is not set`,
    location: { field: `providers.${options.name}.api_key_env` },
    hint: `Set it (export ${options.variable}=...) or stop using "${options.name}" ${options.use}.`,
  });
}
