"""The ingest pipeline and command on real files: bad inputs reported per file while the batch goes on and
nothing stored changes; the same folder twice changes nothing; URLs through the same code; a SIGKILL midway
leaves the database and the search index consistent and a re-run completes the work."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent / "files"))
import make_ingest_files as mk  # noqa: E402
from tests.conftest import run_cli  # noqa: E402

import policyscope.store.search  # noqa: E402,F401  (registers the index build hook before built_db is made)
from policyscope.ingest.readers import ReadOptions  # noqa: E402
from policyscope.store.database import open_db  # noqa: E402
from policyscope.store.intake import ingest  # noqa: E402
from policyscope.store.search import pending  # noqa: E402

TABLES = ("core.document", "core.event", "core.evidence", "core.amount", "core.event_history", "search.doc")

BAD = {
    "encrypted.pdf": "encrypted PDF",
    "corrupt.pdf": "corrupt or truncated PDF",
    "empty.txt": "empty file",
    "binary.txt": "binary data",
    "huge.pdf": "above the size limit",
    "bomb.docx": "zip bomb",
}


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of good and bad files, with a sub-folder (walked recursively)."""
    d = tmp_path_factory.mktemp("inbox")
    (d / "bad").mkdir()
    (d / "good" / "zh").mkdir(parents=True)
    pdf = mk.make_zh_pdf(d / "good" / "zh" / "gwr2025.pdf", n=10)
    docx = mk.make_en_docx(d / "good" / "sweden_ai.docx")
    mk.make_gb18030_txt(d / "good" / "zh" / "gwr2023_gb18030.txt")
    mk.make_big5_html(d / "good" / "zh" / "gwr2022_big5.html")
    mk.make_mixed_txt(d / "good" / "zh" / "gwr2021_mixed.txt")
    mk.make_script_html(d / "good" / "zh" / "gwr2024_scripts.html")
    mk.make_image_only_pdf(d / "good" / "scan.pdf")
    mk.make_encrypted_pdf(pdf, d / "bad" / "encrypted.pdf")
    mk.make_corrupt_pdf(pdf, d / "bad" / "corrupt.pdf")
    (d / "bad" / "empty.txt").write_bytes(b"")
    mk.make_binary_txt(d / "bad" / "binary.txt")
    mk.make_huge(d / "bad" / "huge.pdf")
    mk.make_zip_bomb_docx(docx, d / "bad" / "bomb.docx")
    return d


def counts(db_path: Path) -> dict[str, int]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}
    finally:
        con.close()


def test_bad_inputs_change_nothing_stored(inbox: Path, writable_db: Path) -> None:
    with open_db(writable_db) as db:
        ingest(db, [], opts=ReadOptions())  # bring the index level, as any run does first
    before = counts(writable_db)
    with open_db(writable_db) as db:
        report = ingest(db, [inbox / "bad"], opts=ReadOptions(jurisdiction="CHN"))
    assert report.summary()["errors"] == len(BAD) and report.summary()["documents_new"] == 0
    for r in report.errors:
        name = Path(r.source).name
        assert BAD[name] in r.error, (name, r.error)
    assert counts(writable_db) == before


def test_cli_batch_goes_on_reports_errors_and_is_idempotent(inbox: Path, writable_db: Path) -> None:
    res = run_cli("ingest", str(inbox), "--jurisdiction", "中国", "--date", "2025-03-05", "--source-name", "test",
                  "--format", "json", db=writable_db)
    assert res.returncode == 1, res.stderr  # some files failed, the others were stored
    out = json.loads(res.stdout)
    s = out["summary"]
    assert s["files"] == 13 and s["errors"] == len(BAD) and s["documents_new"] == 7 and s["needs_ocr"] == 1
    assert s["events_new"] > 0
    errors = {Path(f["source"]).name: f["error"] for f in out["files"] if f["status"] == "error"}
    assert set(errors) == set(BAD)
    assert all(BAD[k] in v for k, v in errors.items())
    first = counts(writable_db)
    with open_db(writable_db, read_only=True) as db:
        docs = db.df("SELECT origin, lang, jurisdiction, published, source_name, needs_ocr, chars FROM core.document "
                     "WHERE source_name = 'test'")
        ev = db.scalar("SELECT count(*) FROM core.event e JOIN core.evidence v ON v.event_id = e.id "
                       "JOIN core.document d ON d.id = v.document_id WHERE d.source_name = 'test' "
                       "AND e.review_state = 'auto' AND e.origin = 'extracted'")
    assert len(docs) == 7 and set(docs["jurisdiction"]) == {"CHN"}
    assert str(docs["published"].iloc[0])[:10] == "2025-03-05"
    assert docs.loc[docs["origin"].str.endswith("scan.pdf"), "needs_ocr"].item()
    assert ev > 0
    # the same folder again: identical counts, nothing new or updated
    res2 = run_cli("ingest", str(inbox), "--jurisdiction", "CHN", "--date", "2025-03-05", "--source-name", "test",
                   "--format", "json", db=writable_db)
    s2 = json.loads(res2.stdout)["summary"]
    assert s2["documents_new"] == 0 and s2["documents_unchanged"] == 7
    assert s2["events_new"] == 0 and s2["events_updated"] == 0 and s2["evidence_added"] == 0
    assert counts(writable_db) == first
    # the table output names the file and the reason
    res3 = run_cli("ingest", str(inbox / "bad" / "bomb.docx"), db=writable_db, env={"COLUMNS": "200"})
    assert res3.returncode == 1
    assert "bomb.docx" in res3.stdout and "zip bomb" in res3.stdout and "errors / 错误" in res3.stdout


def test_urls_go_through_the_same_pipeline(writable_db: Path) -> None:
    rec = Path(__file__).parent / "recorded"
    manifest = json.loads((rec / "manifest.json").read_text("utf-8"))

    def replay(request: httpx.Request) -> httpx.Response:
        r = manifest[str(request.url)]
        body = (rec / r["body"]).read_bytes() if "body" in r else r["text"].encode()
        return httpx.Response(r["status"], headers=r["headers"], content=body)

    with open_db(writable_db) as db:
        report = ingest(db, [], urls=list(manifest), opts=ReadOptions(jurisdiction="CHN"),
                        transport=httpx.MockTransport(replay))
        s = report.summary()
        assert s["documents_new"] == 2 and s["errors"] == 1
        assert "HTTP 404" in report.errors[0].error
        ok = {u for u, r in manifest.items() if r["status"] == 200}
        stored = dict(db.con.execute("SELECT origin, id FROM core.document WHERE origin IN (SELECT unnest(?))",
                                     [list(manifest)]).fetchall())
        assert set(stored) == ok
        from policyscope.model import Document

        for u in ok:
            assert stored[u] == Document.hash_bytes((rec / manifest[u]["body"]).read_bytes())


def _corpus(folder: Path, n: int = 40) -> int:
    texts = dict.fromkeys(r["Policy"] + "\n" + r["Policy_Content"] for r in mk.climate_policies(n))
    for year in range(2008, 2020):  # and Government Work Reports, so that the run lasts long enough to be killed
        try:
            rec = mk.gov_report(year)
        except LookupError:  # a few years are missing from the corpus
            continue
        texts[rec["title"] + "\n" + rec["content"]] = None
    for i, text in enumerate(texts):
        (folder / f"policy_{i:03d}.txt").write_text(text, "utf-8")
    return len(texts)  # distinct documents (the source repeats a few)


def test_kill_midway_leaves_db_consistent_and_rerun_completes(writable_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    n = _corpus(folder, 40)
    # one document per transaction, so that the WAL growing means documents were committed
    env = dict(os.environ, POLICYSCOPE_DB=str(writable_db), POLICYSCOPE_INGEST_BATCH="1")
    before = counts(writable_db)["core.document"]
    proc = subprocess.Popen([sys.executable, "-m", "policyscope", "ingest", str(folder), "--jurisdiction", "CHN"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = Path(str(writable_db) + ".wal")
    deadline = time.time() + 120
    # wait until some documents are committed (the WAL grows), then kill without warning
    while time.time() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 400_000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed; make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with open_db(writable_db) as db:
        stored = db.scalar("SELECT count(*) FROM core.document") - before
        assert 0 < stored < n, f"{stored} of {n} documents stored when killed"
        p = pending(db.con)
        assert p == {"documents_new": [], "documents_gone": [], "events_stale": [], "events_gone": []}
        orphans = db.scalar("SELECT count(*) FROM core.evidence v WHERE v.document_id IS NOT NULL AND "
                            "v.document_id NOT IN (SELECT id FROM core.document)")
        assert orphans == 0
    res = run_cli("ingest", str(folder), "--jurisdiction", "CHN", "--format", "json", db=writable_db)
    assert res.returncode == 0, res.stderr
    s = json.loads(res.stdout)["summary"]
    assert s["documents_new"] == n - stored and s["documents_unchanged"] == stored and s["errors"] == 0
    with open_db(writable_db) as db:
        assert db.scalar("SELECT count(*) FROM core.document") - before == n
        assert all(not v for v in pending(db.con).values())
