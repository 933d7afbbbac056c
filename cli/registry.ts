import type { Command } from "./command.ts";

/**
 * Every subcommand, loaded lazily so `certflow validate` never pays for the controller's imports.
 * Explicit wiring (no self-registration at import time).
 */
export const commands: Record<string, () => Promise<Command>> = {
  dev: async () => (await import("./commands/dev.ts")).devCommand,
  version: async () => (await import("./commands/version.ts")).versionCommand,
};
