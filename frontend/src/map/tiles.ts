/**
 * Which data the map asks for (ADR 0008). A campaign of up to `WHOLE_MAX` proposals for the
 * filters comes whole in one answer and is clustered in the browser; a bigger one comes as
 * server-side clusters per Web Mercator tile at the city's zooms, and as the proposals of the
 * area in view (the lean path with a `bbox`) from `LEAN_ZOOM` on. Pure functions only.
 */
import type { TileKey } from "../api";

export const WHOLE_MAX = 5000;
export const LEAN_ZOOM = 16;
export const MAX_TILE_ZOOM = 20;
const MAX_LATITUDE = 85.0511287798066;

export type MapMode = "whole" | "tiles" | "lean";

/** How to load the proposals: `total` is the count for the filters (null while unknown). */
export function mapMode(total: number | null, zoom: number): MapMode | null {
  if (total === null) return null;
  if (total <= WHOLE_MAX) return "whole";
  return zoom >= LEAN_ZOOM ? "lean" : "tiles";
}

export interface Bounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

function column(lng: number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.floor(((lng + 180) / 360) * n)));
}

function row(lat: number, n: number): number {
  const clamped = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
  const r = (clamped * Math.PI) / 180;
  const y = ((1 - Math.asinh(Math.tan(r)) / Math.PI) / 2) * n;
  return Math.min(n - 1, Math.max(0, Math.floor(y)));
}

/** The tiles of zoom `zoom` (rounded, 0 to 20) covering `bounds`, nearest the centre first. */
export function tilesFor(bounds: Bounds, zoom: number): TileKey[] {
  const z = Math.max(0, Math.min(MAX_TILE_ZOOM, Math.round(zoom)));
  const n = 2 ** z;
  const [x0, x1] = [column(bounds.west, n), column(bounds.east, n)];
  const [y0, y1] = [row(bounds.north, n), row(bounds.south, n)];
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const tiles: TileKey[] = [];
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) tiles.push([z, x, y]);
  return tiles.sort((a, b) => Math.hypot(a[1] - cx, a[2] - cy) - Math.hypot(b[1] - cx, b[2] - cy));
}

export function tileId([z, x, y]: TileKey): string {
  return `${z}/${x}/${y}`;
}

/** `bounds` grown by `fraction` of its size on each side (what the lean path asks for). */
export function padded(bounds: Bounds, fraction: number): Bounds {
  const dx = (bounds.east - bounds.west) * fraction;
  const dy = (bounds.north - bounds.south) * fraction;
  return {
    west: Math.max(-180, bounds.west - dx),
    south: Math.max(-90, bounds.south - dy),
    east: Math.min(180, bounds.east + dx),
    north: Math.min(90, bounds.north + dy),
  };
}

export function contains(outer: Bounds, inner: Bounds): boolean {
  return (
    outer.west <= inner.west &&
    outer.south <= inner.south &&
    outer.east >= inner.east &&
    outer.north >= inner.north
  );
}
