/** kustomize's remote resource URLs: which entries are remote, and how a git URL splits up. */

export interface RemoteSpec {
  /** The repository URL to clone. */
  repo: string;
  /** Directory inside the repository ("" for its root). */
  path: string;
  ref: string;
}

export function isRemoteUrl(entry: string): boolean {
  return /^(git::)?(https?:\/\/|ssh:\/\/|git@|github\.com\/|gitlab\.com\/)/.test(entry);
}

/** Splits a kustomize remote URL into repository, sub-path and ref. */
export function parseRemoteUrl(entry: string): RemoteSpec | string {
  let s = entry.replace(/^git::/, "");
  if (s.startsWith("github.com/") || s.startsWith("gitlab.com/")) s = `https://${s}`;
  if (!/^https?:\/\//.test(s)) return `only http(s) git URLs are supported, not '${entry}'`;
  let query = "";
  const q = s.indexOf("?");
  if (q >= 0) {
    query = s.slice(q + 1);
    s = s.slice(0, q);
  }
  const params = new URLSearchParams(query);
  const ref = params.get("ref") ?? params.get("version") ?? "";
  const scheme = s.indexOf("://") + 3;
  const dbl = s.indexOf("//", scheme);
  let repo: string;
  let path: string;
  if (dbl >= 0) {
    repo = s.slice(0, dbl);
    path = s.slice(dbl + 2);
  } else {
    const git = s.indexOf(".git", scheme);
    if (git >= 0 && (s[git + 4] === "/" || git + 4 === s.length)) {
      repo = s.slice(0, git + 4);
      path = s.slice(git + 5);
    } else {
      // host/org/repo[/path] (the GitHub layout)
      const parts = s.slice(scheme).split("/");
      if (parts.length < 3)
        return `cannot tell the repository from the path in '${entry}'; separate them with '//'`;
      repo = s.slice(0, scheme) + parts.slice(0, 3).join("/");
      path = parts.slice(3).join("/");
    }
  }
  path = path.replace(/^\/+|\/+$/g, "");
  if (path.split("/").includes("..")) return `the path in '${entry}' may not contain '..'`;
  return { repo, path, ref };
}
