import { test } from "node:test";
import assert from "node:assert/strict";
import { substitute } from "./envsubst.ts";

const vars = new Map([
  ["cluster_env", "staging"],
  ["empty", ""],
]);

test("substitute evaluates the forms Flux supports", () => {
  const cases: [string, string][] = [
    ["env: ${cluster_env}", "env: staging"],
    ["env: $cluster_env", "env: staging"],
    ["x: ${missing:=fallback}", "x: fallback"],
    ["x: ${missing:-fallback}", "x: fallback"],
    ["x: ${empty:-fallback}", "x: fallback"],
    ["x: ${empty-fallback}", "x: "],
    ["x: ${cluster_env:+set}", "x: set"],
    ["price: $$5", "price: $5"],
    ["a-${cluster_env}-b", "a-staging-b"],
  ];
  for (const [input, want] of cases) {
    const r = substitute(input, vars, true);
    assert.ok(r.ok, input);
    assert.equal(r.text, want, input);
  }
});

test("strict mode names the missing variable; lax mode empties it", () => {
  const strict = substitute("email: ${acme_email}", vars, true);
  assert.equal(strict.ok, false);
  if (!strict.ok) assert.match(strict.message, /variable "acme_email" is not set/);
  const lax = substitute("email: ${acme_email}", vars, false);
  assert.ok(lax.ok);
  assert.equal(lax.text, "email: ");
});

test("an expression Flux cannot evaluate is an error", () => {
  const r = substitute("x: ${1bad}", vars, false);
  assert.equal(r.ok, false);
});
