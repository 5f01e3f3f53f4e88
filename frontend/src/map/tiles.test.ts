import { describe, expect, it } from "vitest";
import { contains, LEAN_ZOOM, mapMode, padded, tilesFor, WHOLE_MAX } from "./tiles";

const PARIS = { west: 2.224, south: 48.815, east: 2.47, north: 48.902 };

describe("mapMode", () => {
  it("keeps small campaigns whole, then tiles at city zooms and the lean path zoomed in", () => {
    expect(mapMode(null, 12)).toBeNull();
    expect(mapMode(WHOLE_MAX, 12)).toBe("whole");
    expect(mapMode(WHOLE_MAX, 18)).toBe("whole");
    expect(mapMode(WHOLE_MAX + 1, 12)).toBe("tiles");
    expect(mapMode(WHOLE_MAX + 1, LEAN_ZOOM - 0.5)).toBe("tiles");
    expect(mapMode(200_000, LEAN_ZOOM)).toBe("lean");
  });
});

describe("tilesFor", () => {
  it("gives the OpenStreetMap numbering (the Panthéon at zoom 12 is 2074/1409)", () => {
    const here = { west: 2.3461, south: 48.8462, east: 2.3462, north: 48.8463 };
    expect(tilesFor(here, 12)).toEqual([[12, 2074, 1409]]);
    expect(tilesFor(here, 0)).toEqual([[0, 0, 0]]);
  });

  it("covers Paris with a few tiles at the city's zooms, the centre first", () => {
    const tiles = tilesFor(PARIS, 12);
    expect(tiles.length).toBe(8); // 4 columns × 2 rows, as benchmarks/map_tiles.py counts them
    expect(new Set(tiles.map((t) => t[0]))).toEqual(new Set([12]));
    const xs = tiles.map((t) => t[1]);
    expect(Math.min(...xs)).toBe(2073);
    expect(Math.max(...xs)).toBe(2076);
  });

  it("stays in range at the world's edges and beyond zoom 20", () => {
    const world = { west: -200, south: -89, east: 200, north: 89 };
    expect(tilesFor(world, 1)).toHaveLength(4);
    for (const [z, x, y] of tilesFor(world, 2)) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(2 ** z);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThan(2 ** z);
    }
    expect(tilesFor({ west: 2.3, south: 48.8, east: 2.3000001, north: 48.8000001 }, 23)[0]?.[0]).toBe(20);
  });
});

describe("padded and contains", () => {
  it("grows a box and says when a view is still inside", () => {
    const box = padded(PARIS, 0.5);
    expect(contains(box, PARIS)).toBe(true);
    expect(contains(PARIS, box)).toBe(false);
    expect(box.west).toBeCloseTo(2.224 - 0.123);
  });
});
