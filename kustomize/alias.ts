/**
 * kustomize's label and annotation setters share one YAML node per resource and key across all
 * the places one transformer creates that key (metadata, selectors, templates). A later write
 * to any of those places copies into the shared node, so it shows up in all of them — e.g. an
 * overlay's `labels` (metadata only) also changes template labels a base's `commonLabels`
 * created. These helpers keep that bookkeeping so the output matches.
 */
import type { Resource } from "./resource.ts";
import type { ValueMap } from "./value.ts";

export interface AliasGroup {
  key: string;
  maps: ValueMap[];
}

/** Writes value at an existing key and to every place sharing its node. */
export function writeShared(r: Resource, map: ValueMap, key: string, value: ValueMap[string]): void {
  map[key] = value;
  if (!r.aliases) return;
  for (const g of r.aliases) {
    if (g.key !== key || !g.maps.includes(map)) continue;
    for (const other of g.maps) if (other !== map && key in other) other[key] = value;
  }
}

/** The key at this place no longer holds the shared node (deleted or replaced by a new node). */
export function unshare(r: Resource, map: ValueMap, key: string): void {
  if (!r.aliases) return;
  for (const g of r.aliases) if (g.key === key) g.maps = g.maps.filter((m) => m !== map);
  r.aliases = r.aliases.filter((g) => g.maps.length > 1);
}

export function share(r: Resource, key: string, maps: ValueMap[]): void {
  if (maps.length < 2) return;
  (r.aliases ??= []).push({ key, maps });
}
