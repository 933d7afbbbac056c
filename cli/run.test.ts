import assert from "node:assert/strict";
import { PassThrough, Readable } from "node:stream";
import { test } from "node:test";
import { runCli } from "./run.ts";

async function run(argv: string[]): Promise<{ code: number; err: string }> {
  const stderr = new PassThrough();
  let err = "";
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await runCli(argv, {
    stdin: Readable.from([""]),
    stdout: new PassThrough(),
    stderr,
    env: {},
    cwd: process.cwd(),
    signal: new AbortController().signal,
  });
  return { code, err };
}

test("an unknown flag is a usage error for every command: exit 2, one line, no stack trace", async () => {
  for (const command of ["dev", "crds", "render", "validate", "flux", "demo"]) {
    const r = await run([command, "--no-such-flag"]);
    assert.equal(r.code, 2, `${command}: ${r.err}`);
    assert.match(r.err, new RegExp(`^certflow ${command}: Unknown option '--no-such-flag'`));
    assert.doesNotMatch(r.err, /\n\s+at /, "no stack trace");
  }
});

test("an unknown command lists the commands: exit 2", async () => {
  const r = await run(["frobnicate"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown command "frobnicate"/);
});

test("controller boolean flags: bare, =true and =false are accepted; anything else is a usage error", async () => {
  for (const flag of ["--leader-elect", "--enable-certificate-owner-ref"]) {
    const bad = await run(["controller", `${flag}=maybe`]);
    assert.equal(bad.code, 2, bad.err);
    assert.match(bad.err, new RegExp(`${flag}: expected true or false, got "maybe"`));
    // Parsed fine: the next thing to fail is the (missing) kubeconfig, exit 1.
    for (const form of [flag, `${flag}=true`, `${flag}=false`]) {
      const r = await run(["controller", form, "--kubeconfig", "/nonexistent/kubeconfig"]);
      assert.equal(r.code, 1, `${form}: ${r.err}`);
      assert.match(r.err, /cannot load the kubeconfig/);
    }
  }
});
