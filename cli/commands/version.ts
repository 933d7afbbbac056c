import { readFile } from "node:fs/promises";
import type { Command } from "../command.ts";

export const versionCommand: Command = {
  name: "version",
  summary: "Print certflow's version and the Node.js it runs on.",
  usage: "certflow version",
  async run(_argv, io) {
    const pkgUrl = new URL("../../package.json", import.meta.url);
    const fallback = new URL("../../../package.json", import.meta.url); // from dist/cli/commands
    const text = await readFile(pkgUrl, "utf8").catch(() => readFile(fallback, "utf8"));
    const pkg = JSON.parse(text) as { version: string };
    io.stdout.write(`certflow ${pkg.version} (node ${process.version})\n`);
    return 0;
  },
};
