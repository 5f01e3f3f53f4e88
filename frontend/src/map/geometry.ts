/** Plain geometry helpers on GeoJSON polygons ([lon, lat] rings), without Leaflet. */
export type Ring = [number, number][];
export type Polygon = Ring[];

/** Signed area and centroid of a ring (planar, in degrees: fine for placing a label). */
function ringCentroid(ring: Ring): { area: number; x: number; y: number } {
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i] as [number, number];
    const [x1, y1] = ring[i + 1] as [number, number];
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  area /= 2;
  if (area === 0) {
    const first = ring[0] ?? [0, 0];
    return { area: 0, x: first[0], y: first[1] };
  }
  return { area, x: cx / (6 * area), y: cy / (6 * area) };
}

/** Where to write a district's name: the centroid of its largest part, as Leaflet [lat, lng]. */
export function labelPoint(polygons: Polygon[]): [number, number] | null {
  let best: { area: number; x: number; y: number } | null = null;
  for (const polygon of polygons) {
    const outer = polygon[0];
    if (!outer || outer.length < 4) continue;
    const c = ringCentroid(outer);
    if (!best || Math.abs(c.area) > Math.abs(best.area)) best = c;
  }
  return best ? [best.y, best.x] : null;
}

/** GeoJSON polygons as Leaflet lat/lng arrays. */
export function toLatLngs(polygons: Polygon[]): [number, number][][][] {
  return polygons.map((polygon) => polygon.map((ring) => ring.map(([lng, lat]) => [lat, lng])));
}
