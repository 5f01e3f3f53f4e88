import { describe, expect, it } from "vitest";
import districts from "../api/fixtures/districts.json";
import { districtCollectionSchema } from "../api/schemas";
import { labelPoint, toLatLngs, type Polygon } from "./geometry";
import { PALETTE, themeColors } from "./colors";

const square = (x: number, y: number, size: number): Polygon => [
  [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ],
];

describe("labelPoint", () => {
  it("is the centroid of a simple polygon, in [lat, lng]", () => {
    expect(labelPoint([square(2, 48, 2)])).toEqual([49, 3]);
  });

  it("uses the largest part of a multipolygon", () => {
    expect(labelPoint([square(0, 0, 1), square(10, 10, 4)])).toEqual([12, 12]);
  });

  it("works whatever the ring's orientation", () => {
    const ring = square(2, 48, 2)[0]?.slice().reverse() ?? [];
    expect(labelPoint([[ring]])).toEqual([49, 3]);
  });

  it("answers null without a usable ring", () => {
    expect(labelPoint([])).toBeNull();
    expect(
      labelPoint([
        [
          [
            [0, 0],
            [1, 1],
          ],
        ],
      ]),
    ).toBeNull();
  });

  it("falls inside a real district outline from the fixtures", () => {
    const [fifth] = districtCollectionSchema.parse(districts).slice(1);
    const point = labelPoint(fifth?.polygons ?? []);
    expect(point?.[0]).toBeGreaterThan(48.837);
    expect(point?.[0]).toBeLessThan(48.853);
  });
});

describe("toLatLngs", () => {
  it("swaps GeoJSON [lng, lat] into Leaflet [lat, lng]", () => {
    expect(toLatLngs([[[[2.3, 48.8]]]])).toEqual([[[[48.8, 2.3]]]]);
  });
});

describe("themeColors", () => {
  it("gives themes the palette in order and unknown themes a stable colour", () => {
    const colorOf = themeColors(["a", "b"]);
    expect(colorOf("a")).toBe(PALETTE[0]);
    expect(colorOf("b")).toBe(PALETTE[1]);
    expect(colorOf("zzz")).toBe(colorOf("zzz"));
    expect(PALETTE).toContain(colorOf("zzz"));
  });
});

describe("palette", () => {
  const luminance = (hex: string) => {
    const channel = (i: number) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  };

  it("has at least 3:1 contrast against the white marker outline", () => {
    for (const color of PALETTE) {
      expect(1.05 / (luminance(color) + 0.05), color).toBeGreaterThanOrEqual(3);
    }
  });

  it("has no duplicate", () => {
    expect(new Set(PALETTE).size).toBe(PALETTE.length);
  });
});
