/**
 * Remote bases: a git repository served by a real `git http-backend` on loopback is used as
 * a kustomize remote base; certflow (isomorphic-git) and Go kustomize (git CLI) must agree.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { render } from "../../kustomize/index.ts";
import { parseRemoteUrl } from "../../kustomize/remote.ts";
import { startGitServer, type GitServer } from "../kustomize/git-server.ts";
import { kustomizeBinary, kustomizeBuild } from "../kustomize/oracle.ts";

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, {
    cwd,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.com",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.com",
      GIT_CONFIG_NOSYSTEM: "1",
      HOME: cwd,
    },
    encoding: "utf8",
  }).trim();

const ISSUER = (server: string) => `apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: letsencrypt
spec:
  acme:
    server: ${server}
    privateKeySecretRef:
      name: letsencrypt-key
    solvers:
    - http01:
        ingress:
          class: nginx
`;

describe("remote bases over git smart HTTP", () => {
  let tmp = "";
  let server: GitServer;
  let tagCommit = "";
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "certflow-remote-"));
    const work = join(tmp, "work");
    mkdirSync(join(work, "base"), { recursive: true });
    git(tmp, "init", "-q", "-b", "main", work);
    writeFileSync(
      join(work, "base/kustomization.yaml"),
      "resources:\n- issuer.yaml\ncommonLabels:\n  from: remote\n",
    );
    writeFileSync(
      join(work, "base/issuer.yaml"),
      ISSUER("https://acme-staging-v02.api.letsencrypt.org/directory"),
    );
    git(work, "add", ".");
    git(work, "commit", "-q", "-m", "v1");
    git(work, "tag", "v1.2.0");
    tagCommit = git(work, "rev-parse", "HEAD");
    writeFileSync(join(work, "base/issuer.yaml"), ISSUER("https://acme-v02.api.letsencrypt.org/directory"));
    git(work, "commit", "-q", "-am", "v2");
    mkdirSync(join(tmp, "srv/org"), { recursive: true });
    git(tmp, "clone", "-q", "--bare", work, join(tmp, "srv/org/repo.git"));
    server = await startGitServer(join(tmp, "srv"));
  });
  after(async () => {
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const overlay = (name: string, url: string) => {
    const dir = join(tmp, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "kustomization.yaml"), `resources:\n- ${url}\nnamePrefix: prod-\n`);
    return dir;
  };

  test("parses kustomize remote URL forms", () => {
    assert.deepEqual(parseRemoteUrl("https://github.com/org/repo//deploy/base?ref=v1.2.0"), {
      repo: "https://github.com/org/repo",
      path: "deploy/base",
      ref: "v1.2.0",
    });
    assert.deepEqual(parseRemoteUrl("github.com/org/repo/deploy?ref=main"), {
      repo: "https://github.com/org/repo",
      path: "deploy",
      ref: "main",
    });
    assert.deepEqual(parseRemoteUrl("https://example.com/org/repo.git/base?version=v1"), {
      repo: "https://example.com/org/repo.git",
      path: "base",
      ref: "v1",
    });
    assert.equal(typeof parseRemoteUrl("https://example.com/org/repo//../x"), "string");
  });

  test("refused unless remote bases are allowed", async () => {
    const dir = overlay("refused", `${server.url}/org/repo.git//base?ref=v1.2.0`);
    const r = await render(dir);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, /--allow-remote/);
  });

  test("a tagged remote base renders byte-identical to Go kustomize, from a content-addressed cache", async () => {
    const dir = overlay("tagged", `${server.url}/org/repo.git//base?ref=v1.2.0`);
    const cacheDir = join(tmp, "cache");
    const ours = await render(dir, { allowRemote: true, cacheDir });
    assert.ok(ours.ok, ours.ok ? "" : ours.error.message);
    assert.match(ours.yaml, /acme-staging-v02/, "the tag, not the branch head, was rendered");
    const theirs = await kustomizeBuild(await kustomizeBinary(), dir, {});
    assert.ok(theirs.ok, theirs.ok ? "" : theirs.stderr);
    assert.equal(ours.yaml, theirs.yaml);
    assert.equal(readdirSync(cacheDir).filter((e) => !e.includes(".tmp-")).length, 1);
    // A second render reuses the cached checkout.
    const again = await render(dir, { allowRemote: true, cacheDir });
    assert.ok(again.ok);
    assert.equal(readdirSync(cacheDir).length, 1);
  });

  test("a commit-pinned remote base is served from the cache once the server is gone", async () => {
    const own = await startGitServer(join(tmp, "srv"));
    const dir = overlay("pinned", `${own.url}/org/repo.git//base?ref=${tagCommit}`);
    const cacheDir = join(tmp, "cache-pinned");
    const first = await render(dir, { allowRemote: true, cacheDir });
    assert.ok(first.ok, first.ok ? "" : first.error.message);
    await own.close();
    const second = await render(dir, { allowRemote: true, cacheDir });
    assert.ok(second.ok, second.ok ? "" : second.error.message);
    if (first.ok && second.ok) assert.equal(first.yaml, second.yaml);
  });

  test("an http(s) URL to a manifest file is fetched as a file, like kustomize does", async () => {
    mkdirSync(join(tmp, "srv/raw/releases/v1.15.0"), { recursive: true });
    writeFileSync(
      join(tmp, "srv/raw/releases/v1.15.0/cert-manager.yaml"),
      ISSUER("https://example.com/acme") +
        "---\n" +
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: cert-manager\n",
    );
    const dir = overlay("rawfile", `${server.url}/raw/releases/v1.15.0/cert-manager.yaml`);
    const ours = await render(dir, { allowRemote: true, cacheDir: join(tmp, "cache-raw") });
    assert.ok(ours.ok, ours.ok ? "" : ours.error.message);
    const theirs = await kustomizeBuild(await kustomizeBinary(), dir, {});
    assert.ok(theirs.ok, theirs.ok ? "" : theirs.stderr);
    if (ours.ok && theirs.ok) assert.equal(ours.yaml, theirs.yaml);
    const refused = await render(dir);
    assert.equal(refused.ok, false);
  });

  test("the branch head is used without a ref", async () => {
    const dir = overlay("head", `${server.url}/org/repo.git//base`);
    const r = await render(dir, { allowRemote: true, cacheDir: join(tmp, "cache-head") });
    assert.ok(r.ok, r.ok ? "" : r.error.message);
    if (r.ok) assert.match(r.yaml, /acme-v02\.api/);
  });
});
