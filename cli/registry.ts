import type { Command } from "./command.ts";

/**
 * Every subcommand, loaded lazily so `certflow validate` never pays for the controller's imports.
 * Explicit wiring (no self-registration at import time).
 */
export const commands: Record<string, () => Promise<Command>> = {
  cmp: async () => (await import("./commands/cmp.ts")).cmpCommand,
  controller: async () => (await import("./commands/controller.ts")).controllerCommand,
  crds: async () => (await import("./commands/crds.ts")).crdsCommand,
  demo: async () => (await import("./commands/demo.ts")).demoCommand,
  dev: async () => (await import("./commands/dev.ts")).devCommand,
  flux: async () => (await import("./commands/flux.ts")).fluxCommand,
  render: async () => (await import("./commands/render.ts")).renderCommand,
  validate: async () => (await import("./commands/validate.ts")).validateCommand,
  version: async () => (await import("./commands/version.ts")).versionCommand,
};
