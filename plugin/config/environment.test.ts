import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { resolveEnvironment } from "./environment.ts";
import { defaultConfig, type CertflowConfig } from "./types.ts";

const configured: CertflowConfig = {
  ...defaultConfig(),
  file: "/repo/certflow.yaml",
  environments: [
    { name: "stg-eu", type: "staging", overlays: ["overlays/eu/stg"] },
    { name: "live-eu", type: "production", overlays: ["overlays/eu/live"] },
  ],
};

describe("resolveEnvironment", () => {
  const cases: Record<string, { config: CertflowConfig; dir: string; requested: string; want: unknown }> = {
    "certflow.yaml maps the overlay path": {
      config: configured,
      dir: "/repo/overlays/eu/live",
      requested: "auto",
      want: { name: "live-eu", type: "production", source: "config" },
    },
    "without config, the directory name production means production": {
      config: defaultConfig(),
      dir: "/repo/overlays/production",
      requested: "auto",
      want: { name: "production", type: "production", source: "directory-name" },
    },
    "without config, stg means staging": {
      config: defaultConfig(),
      dir: "/repo/overlays/stg",
      requested: "",
      want: { name: "stg", type: "staging", source: "directory-name" },
    },
    "an unrecognised directory name is 'other'": {
      config: defaultConfig(),
      dir: "/repo/overlays/dev",
      requested: "auto",
      want: { name: "dev", type: "other", source: "default" },
    },
    "a parameter naming a configured environment wins over the path": {
      config: configured,
      dir: "/repo/overlays/eu/live",
      requested: "stg-eu",
      want: { name: "stg-eu", type: "staging", source: "parameter" },
    },
    "a parameter naming a type is accepted": {
      config: configured,
      dir: "/repo/x",
      requested: "production",
      want: { name: "production", type: "production", source: "parameter" },
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    test(name, () => {
      const r = resolveEnvironment(tc.config, tc.dir, "/repo", tc.requested);
      assert.ok(r.ok);
      assert.deepEqual(r.environment, tc.want);
    });
  }

  test("an unknown environment parameter is an error listing the choices", () => {
    const r = resolveEnvironment(configured, "/repo/overlays/eu/live", "/repo", "prod-us");
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /unknown environment "prod-us".*stg-eu, live-eu/);
  });
});
