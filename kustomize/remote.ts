/**
 * Remote bases: `resources` entries that are git URLs (https://host/org/repo//path?ref=v1.2.0)
 * are cloned with isomorphic-git into a content-addressed cache (one directory per commit id)
 * and rendered like a local base. Off unless the caller allows it; nothing is ever executed.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve, sep } from "node:path";
import type { RemoteResolver } from "./build.ts";
import { KustomizeError } from "./errors.ts";
import { isRemoteUrl, parseRemoteUrl, type RemoteSpec } from "./remote-url.ts";

export { isRemoteUrl, parseRemoteUrl } from "./remote-url.ts";

export function defaultCacheDir(): string {
  const base =
    process.env["CERTFLOW_CACHE_DIR"] ??
    join(process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "certflow");
  return join(base, "kustomize-remote");
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Clones spec into the cache (once per commit) and returns the checkout directory. */
export async function fetchRemote(spec: RemoteSpec, cacheDir: string): Promise<string> {
  const git = (await import("isomorphic-git")).default;
  const http = (await import("isomorphic-git/http/node")).default;
  await mkdir(cacheDir, { recursive: true });
  let oid: string | undefined;
  if (/^[0-9a-f]{40}$/.test(spec.ref)) oid = spec.ref;
  else {
    const refs = await git.listServerRefs({ http, url: spec.repo, peelTags: true, symrefs: true });
    const want = spec.ref === "" ? ["HEAD"] : [`refs/tags/${spec.ref}`, `refs/heads/${spec.ref}`, spec.ref];
    for (const w of want) {
      const hit = refs.find((r) => r.ref === w);
      if (hit) {
        oid = hit.peeled ?? hit.oid;
        break;
      }
    }
    if (!oid) throw new Error(`ref '${spec.ref || "HEAD"}' not found in ${spec.repo}`);
  }
  // Content-addressed: the key is the repository and the commit, never a movable ref name.
  const key = createHash("sha256").update(`${spec.repo}\n${oid}`).digest("hex").slice(0, 32);
  const dest = join(cacheDir, key);
  if (!(await exists(join(dest, ".certflow-complete")))) {
    const tmp = `${dest}.tmp-${process.pid}-${Date.now()}`;
    try {
      const shallowRef = spec.ref !== "" && spec.ref !== oid ? spec.ref : undefined;
      await git.clone({
        fs,
        http,
        dir: tmp,
        url: spec.repo,
        singleBranch: true,
        ...(shallowRef ? { ref: shallowRef, depth: 1 } : {}),
        noTags: !shallowRef,
      });
      await git.checkout({ fs, dir: tmp, ref: oid, force: true });
      fs.writeFileSync(join(tmp, ".certflow-complete"), `${oid}\n`);
      await rm(dest, { recursive: true, force: true });
      await rename(tmp, dest);
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      if (await exists(join(dest, ".certflow-complete"))) return resolveIn(dest, spec.path);
      throw err;
    }
  }
  return resolveIn(dest, spec.path);
}

function resolveIn(dest: string, path: string): string {
  const dir = resolve(dest, path);
  if (dir !== dest && !dir.startsWith(dest + sep)) throw new Error(`path '${path}' leaves the repository`);
  return dir;
}

export function makeRemoteResolver(opts: { allow: boolean; cacheDir?: string }): RemoteResolver {
  return {
    isRemote: isRemoteUrl,
    async fetchFile(entry, kustFile, field) {
      if (!opts.allow) {
        throw new KustomizeError(
          `${field}: remote resource '${entry}' refused: remote resources are off (enable with --allow-remote)`,
          kustFile,
          field,
        );
      }
      if (!/^https?:\/\//.test(entry)) return undefined;
      // Like kustomize: an http(s) URL is first fetched as a file; failing that it may be a repository.
      try {
        const res = await fetch(entry, { signal: AbortSignal.timeout(60_000), redirect: "follow" });
        if (!res.ok) return undefined;
        return await res.text();
      } catch {
        return undefined;
      }
    },
    async fetch(entry, kustFile, field) {
      if (!opts.allow) {
        throw new KustomizeError(
          `${field}: remote base '${entry}' refused: remote resources are off (enable with --allow-remote)`,
          kustFile,
          field,
        );
      }
      const spec = parseRemoteUrl(entry);
      if (typeof spec === "string") throw new KustomizeError(`${field}: ${spec}`, kustFile, field);
      try {
        const dir = await fetchRemote(spec, opts.cacheDir ?? defaultCacheDir());
        if (!(await exists(dir)))
          throw new Error(`'${spec.path}' does not exist in ${spec.repo} at ${spec.ref || "HEAD"}`);
        return fs.realpathSync(dir);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        throw new KustomizeError(`${field}: cannot fetch remote base '${entry}': ${msg}`, kustFile, field);
      }
    },
  };
}
