/**
 * File access for one kustomization root, with kustomize's load restrictor: files must resolve
 * (symlinks followed) inside the root unless the restrictor is "none"; bases may live anywhere
 * but may not contain a root already on the stack (a cycle).
 */
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { KustomizeError } from "./errors.ts";

export const KUSTOMIZATION_FILE_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

export type LoadRestrictor = "rootOnly" | "none";

function within(child: string, root: string): boolean {
  const rel = relative(root, child);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel) && rel.split(sep)[0] !== "..");
}

export class DirLoader {
  /** Real path of this root. */
  root: string;
  restrictor: LoadRestrictor;
  /** Roots of the kustomizations above this one (for cycle detection). */
  chain: string[];

  constructor(root: string, restrictor: LoadRestrictor, chain: string[]) {
    this.root = root;
    this.restrictor = restrictor;
    this.chain = chain;
  }

  static open(dir: string, restrictor: LoadRestrictor): DirLoader {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      throw new KustomizeError(`must build at directory: '${dir}' does not exist`, dir);
    }
    if (!statSync(real).isDirectory())
      throw new KustomizeError(`must build at directory: not a valid directory: '${dir}'`, dir);
    return new DirLoader(real, restrictor, []);
  }

  /** Resolves rel against the root, following symlinks; undefined when it does not exist. */
  resolve(rel: string): string | undefined {
    const abs = resolve(this.root, rel);
    if (!existsSync(abs)) return undefined;
    try {
      return realpathSync(abs);
    } catch {
      return undefined;
    }
  }

  isDir(rel: string): boolean {
    const p = this.resolve(rel);
    return p !== undefined && statSync(p).isDirectory();
  }

  /** Reads a file the kustomization names (resource, patch, generator source). */
  read(rel: string, kustFile: string, field: string): Buffer {
    const abs = resolve(this.root, rel);
    const real = this.resolve(rel);
    if (real === undefined)
      throw new KustomizeError(`${field}: file '${rel}' does not exist (looked for ${abs})`, kustFile, field);
    if (statSync(real).isDirectory())
      throw new KustomizeError(`${field}: '${rel}' must resolve to a file`, kustFile, field);
    if (this.restrictor === "rootOnly" && !within(real, this.root)) {
      const how = real !== abs ? ` (it resolves through a symlink to '${real}')` : "";
      throw new KustomizeError(
        `${field}: security; file '${rel}'${how} is not in or below '${this.root}'; files outside the kustomization root are refused unless --load-restrictor=none`,
        kustFile,
        field,
      );
    }
    return readFileSync(real);
  }

  /** A loader for a base or component directory named by the kustomization. */
  child(rel: string, kustFile: string, field: string): DirLoader {
    const real = this.resolve(rel);
    if (real === undefined || !statSync(real).isDirectory()) {
      throw new KustomizeError(
        `${field}: '${rel}' is neither a file nor a directory (looked in ${this.root})`,
        kustFile,
        field,
      );
    }
    return this.childAt(real, kustFile, field, rel);
  }

  childAt(real: string, kustFile: string, field: string, rel: string): DirLoader {
    for (const visited of [this.root, ...this.chain]) {
      if (within(visited, real)) {
        throw new KustomizeError(
          `${field}: cycle detected: candidate root '${real}' (from '${rel}') contains visited root '${visited}'`,
          kustFile,
          field,
        );
      }
    }
    return new DirLoader(real, this.restrictor, [this.root, ...this.chain]);
  }

  /** Finds the kustomization file in this root. */
  kustomizationFile(): string {
    const found = KUSTOMIZATION_FILE_NAMES.filter((n) => existsSync(join(this.root, n)));
    if (found.length === 0) {
      throw new KustomizeError(
        `unable to find one of ${KUSTOMIZATION_FILE_NAMES.map((n) => `'${n}'`).join(", ")} in directory '${this.root}'`,
        this.root,
      );
    }
    if (found.length > 1)
      throw new KustomizeError(`Found multiple kustomization files under: ${this.root}`, this.root);
    return join(this.root, found[0]!);
  }
}
