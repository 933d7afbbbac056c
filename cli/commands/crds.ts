import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { crdsYAML } from "../../api/schema/crds-yaml.ts";
import type { Command } from "../command.ts";

export const crdsCommand: Command = {
  name: "crds",
  summary: "Print the cert-manager CustomResourceDefinitions certflow serves (generated from its schema).",
  usage: "certflow crds [--output-file FILE]",
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { "output-file": { type: "string", short: "f" } } });
    const text = crdsYAML();
    const file = values["output-file"];
    if (file) await writeFile(file, text);
    else io.stdout.write(text);
    return 0;
  },
};
