"""Make ``src/policyscope/report/maps/world-110m.json`` from the npm package world-atlas 2.0.2 (ISC; Natural Earth
1:110m, public domain): keep the ``countries`` object and add each country's ISO 3166-1 alpha-3 code as
``properties.iso3`` (the id there is the numeric code), so that maps join on the codes the store uses.

Usage: ``npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz && python scripts/world_atlas.py package``
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "policyscope" / "report" / "maps" / "world-110m.json"
NO_NUMERIC = {"Kosovo": "XKX", "N. Cyprus": None, "Somaliland": None}  # no ISO numeric code in Natural Earth


def main(package_dir: str) -> None:
    topo = json.loads((Path(package_dir) / "countries-110m.json").read_text(encoding="utf-8"))
    countries = topo["objects"]["countries"]
    # Antarctica holds no policy data and takes a sixth of the frame; the land outline is not needed
    countries["geometries"] = [g for g in countries["geometries"] if g["properties"]["name"] != "Antarctica"]
    topo["objects"] = {"countries": countries}
    for g in topo["objects"]["countries"]["geometries"]:
        name = g["properties"]["name"]
        c = pycountry.countries.get(numeric=g.get("id")) if g.get("id") else None
        g["properties"]["iso3"] = c.alpha_3 if c else NO_NUMERIC.get(name)
    OUT.write_text(json.dumps(topo, separators=(",", ":")), encoding="utf-8")
    missing = [g["properties"]["name"] for g in topo["objects"]["countries"]["geometries"] if not g["properties"]["iso3"]]
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes); without a code: {', '.join(missing)}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "package")
