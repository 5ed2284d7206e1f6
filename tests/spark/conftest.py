"""One local Spark session for all Spark tests (local[2], two shuffle partitions, no UI), and a real corpus:
LawRefBook national law texts and Ministry of Ecology and Environment notices as .txt files."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    from policyscope.scale.session import spark_session

    session = spark_session("local[2]", app="policyscope-tests", shuffle_partitions=2)
    yield session
    session.stop()


def real_texts(n_laws: int, n_mee: int) -> list[tuple[str, str]]:
    """(name, text) of the first ``n_laws`` LawRefBook national texts and ``n_mee`` MEE documents."""
    out: list[tuple[str, str]] = []
    with gzip.open(DATA / "china_laws_lawrefbook" / "lawrefbook_national_fulltext.jsonl.gz", "rt",
                   encoding="utf-8") as fh:
        for line in fh:
            if len(out) >= n_laws:
                break
            r = json.loads(line)
            if r["text"].strip():
                out.append((f"law_{len(out):04d}", r["text"]))
    if n_mee:
        import openpyxl

        wb = openpyxl.load_workbook(DATA / "china_mee_policy_documents" / "MEE_PRC_EN.xlsx", read_only=True)
        ws = wb.active
        rows = ws.iter_rows(values_only=True)
        head = list(next(rows))
        ti, ci = head.index("Policy_raw"), head.index("Policy_Content_raw")
        k = 0
        for r in rows:
            if k >= n_mee:
                break
            if r[ci] and str(r[ci]).strip():
                out.append((f"mee_{k:04d}", f"{r[ti]}\n{r[ci]}"))
                k += 1
        wb.close()
    return out


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 laws + 20 MEE documents as .txt files, plus two inputs that must fail with a reason."""
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in real_texts(40, 20):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "table.xls").write_bytes(b"\xd0\xcf\x11\xe0 not a supported format")
    return folder
