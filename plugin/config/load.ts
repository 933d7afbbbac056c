import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { parseConfig } from "./parse.ts";
import { defaultConfig, type ConfigResult } from "./types.ts";

export const configFileNames = ["certflow.yaml", "certflow.yml", ".certflow.yaml"];

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    if (
      (err as NodeJS.ErrnoException).code === "ENOENT" ||
      (err as NodeJS.ErrnoException).code === "ENOTDIR"
    ) {
      return undefined;
    }
    throw err;
  }
}

/**
 * Finds certflow.yaml from `startDir` up to `rootDir` (the repository root; never above
 * it, so a file outside the repository can never change the outcome) and parses it.
 * No file means the defaults: environments guessed from overlay directory names.
 */
export async function loadConfig(startDir: string, rootDir: string): Promise<ConfigResult> {
  const root = resolve(rootDir);
  let dir = resolve(startDir);
  if (relative(root, dir).startsWith("..")) dir = root;
  for (;;) {
    for (const name of configFileNames) {
      const file = join(dir, name);
      const text = await readIfExists(file);
      if (text !== undefined) return parseConfig(text, file);
    }
    if (dir === root || !dir.startsWith(root + sep)) break;
    dir = dirname(dir);
  }
  return { ok: true, config: defaultConfig() };
}
