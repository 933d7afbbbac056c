import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { UsageError, type Command } from "../command.ts";

export const renderCommand: Command = {
  name: "render",
  summary: "Render a kustomization directory exactly as `kustomize build` would (no plugins ever run).",
  usage:
    "certflow render DIR [--output yaml|json] [--load-restrictor rootOnly|none] [--allow-remote] [--cache-dir DIR]",
  async run(argv, io) {
    const parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        output: { type: "string", short: "o", default: "yaml" },
        "load-restrictor": { type: "string", default: "rootOnly" },
        "allow-remote": { type: "boolean", default: false },
        "cache-dir": { type: "string" },
      },
    });
    const { values, positionals } = parsed;
    if (positionals.length > 1) throw new UsageError(`expected one directory, got ${positionals.length}`);
    const output = values.output;
    if (output !== "yaml" && output !== "json")
      throw new UsageError(`--output must be yaml or json, not "${output}"`);
    const lr = values["load-restrictor"];
    const restrictor =
      lr === "none" || lr === "LoadRestrictionsNone"
        ? "none"
        : lr === "rootOnly" || lr === "LoadRestrictionsRootOnly"
          ? "rootOnly"
          : undefined;
    if (!restrictor) throw new UsageError(`--load-restrictor must be rootOnly or none, not "${lr}"`);
    const dir = resolve(io.cwd, positionals[0] ?? ".");
    const { render } = await import("../../kustomize/index.ts");
    const cacheDir = values["cache-dir"] ?? io.env["CERTFLOW_CACHE_DIR"];
    const result = await render(dir, {
      loadRestrictor: restrictor,
      allowRemote: values["allow-remote"] ?? false,
      ...(cacheDir ? { cacheDir: resolve(io.cwd, cacheDir) } : {}),
    });
    if (!result.ok) {
      const e = result.error;
      // Name the kustomization file, then the field (unless the message already starts with it).
      const field = e.field && !e.message.startsWith(e.field) ? `${e.field}: ` : "";
      io.stderr.write(`certflow render: ${e.file ? `${e.file}: ` : ""}${field}${e.message}\n`);
      return 2;
    }
    if (output === "json")
      io.stdout.write(
        `${JSON.stringify(result.documents, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v), 2)}\n`,
      );
    else io.stdout.write(result.yaml);
    return 0;
  },
};
