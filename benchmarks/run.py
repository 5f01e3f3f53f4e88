"""`make bench`: every benchmark, each printing its figures and ratios against a baseline
measured in the same run."""

import importlib.util
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import geocoder
import proposals_list

# benchmarks/tally.py shares its name with the library it measures: load it under another name.
_spec = importlib.util.spec_from_file_location(
    "tally_benchmark", Path(__file__).parent / "tally.py"
)
tally_benchmark = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tally_benchmark)

if __name__ == "__main__":
    print("== Geocoder (ban-local) ==")
    geocoder.main(sys.argv[1:])
    print()
    print("== Proposal list (GeoJSON) ==")
    proposals_list.main()
    print()
    print("== Tally (pabulib rules) ==")
    tally_benchmark.main([])
