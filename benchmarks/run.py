"""`make bench`: every benchmark, each printing its figures and ratios against a baseline
measured in the same run."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import geocoder
import http_geocode
import map_browser
import map_geojson
import map_tiles
import proposals_list
import tally_rules

if __name__ == "__main__":
    print("== Geocoder (ban-local) ==")
    geocoder.main(sys.argv[1:])
    print()
    print("== Geocoding over HTTP: runserver against gunicorn ==")
    http_geocode.main([])
    print()
    print("== Proposal list (GeoJSON) ==")
    proposals_list.main()
    print()
    print("== Map data at city scale (GeoJSON built by PostgreSQL) ==")
    map_geojson.main()
    print()
    print("== Map tiles at 10x Paris (200 000 proposals) ==")
    map_tiles.main()
    print()
    print("== The map in a browser (headless Chromium) ==")
    map_browser.main()
    print()
    print("== Tally (pabulib rules) ==")
    tally_rules.main([])
