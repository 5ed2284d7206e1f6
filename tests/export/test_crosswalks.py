"""The STIP crosswalks are read both ways from one file: check they are complete and agree with the codebook."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from policyscope.model.crosswalks import crosswalk
from policyscope.model.taxonomy import taxonomy


def _codebook(shared_data: Path) -> dict[str, pd.DataFrame]:
    return pd.read_excel(shared_data / "oecd_stip_compass" / "STIP_Survey_Codebook_2021.xlsx", sheet_name=None)


def test_every_stip_instrument_reads_back_to_one_of_our_types(shared_data: Path) -> None:
    cw = crosswalk("stip_instruments")
    pi = _codebook(shared_data)["PolicyInstruments"]
    types = set(taxonomy("event_types").codes())
    for code, label in zip(pi.iloc[:, 0], pi.iloc[:, 1], strict=True):
        stip_label = label.split("|", 1)[1]
        ours = cw.from_stip(code)
        assert ours in types, (code, ours)
        assert cw.from_stip(stip_label) == ours
        assert any(r.stip_label == stip_label for r in cw.rows if r.stip_code == code)
    import_rows = [r.stip_code for r in cw.rows if r.direction != "to_stip"]
    assert len(import_rows) == len(set(import_rows)), "a STIP code must read back to exactly one type"


def test_every_type_and_domain_has_an_export_row() -> None:
    for name, tax in (("stip_instruments", "event_types"), ("stip_themes", "domains")):
        cw = crosswalk(name)
        export_codes = {r.our_code for r in cw.rows if r.direction != "from_stip"}
        missing = set(taxonomy(tax).codes()) - export_codes
        assert not missing, f"{name}: no export row (mapped or 'none') for {sorted(missing)}"
        assert set(cw.our_codes()) <= set(taxonomy(tax).codes())
        assert cw.to_stip("quantum" if tax == "domains" else "corporate_investment") == []


def test_every_stip_theme_code_of_the_survey_reads_back(shared_data: Path) -> None:
    cw = crosswalk("stip_themes")
    themes = pd.read_csv(shared_data / "oecd_stip_compass" / "stip_theme_codes.csv")
    for code in themes["theme_code"]:
        assert cw.from_stip(code) in taxonomy("domains").codes(), code
    assert cw.from_stip("TH88") == "ai" and cw.from_stip("th80") == "ai"
    assert [r.stip_code for r in cw.to_stip("ai")] == ["TH88"]
    assert "PI024" in [r.stip_code for r in crosswalk("stip_instruments").to_stip("strategy")]
