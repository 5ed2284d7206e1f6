"""Chinese titles from the translation memory, the editor's queue and its carry-over, and the importance score —
on a database built from a small real snapshot (the Chinese sources plus the national AI strategies)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from policyscope.model.display import display_title
from policyscope.model.translation_memory import Memory, TMError, load, read_csv
from policyscope.sources.snapshot import SNAPSHOT_DIR
from policyscope.store.build import build
from tests.conftest import run_cli

SOURCES = ("nat_ai", "oecd_ai", "mee", "lawrefbook")


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    snap = tmp_path_factory.mktemp("snap")
    for p in SNAPSHOT_DIR.glob("*.parquet"):
        if p.name.split(".", 1)[0] in SOURCES:
            shutil.copy(p, snap / p.name)
    db = tmp_path_factory.mktemp("db") / "p.duckdb"
    build(db, snapshot_dir=snap, progress=False)
    return db


def test_memory_lookup_never_offers_machine_titles() -> None:
    mem = Memory(load())
    assert mem.title_zh("CHIPS and Science Act").zh == "芯片与科学法案"
    assert mem.title_zh("the General Data Protection Regulation").zh == "通用数据保护条例"
    mt = [e for e in mem.entries if e.origin == "mee_mt"]
    assert len(mt) > 1000
    assert mem.title_zh(mt[0].en) is None or mem.title_zh(mt[0].en).origin != "mee_mt"
    assert sum(e.origin == "glossary" for e in mem.entries) >= 150


def test_tm_file_errors_name_file_and_row(tmp_path: Path) -> None:
    f = tmp_path / "names.csv"
    f.write_text("zh,en,origin\n在线安全法,Online Safety Act,editor\n,Empty,editor\n甲,A,guess\n", encoding="utf-8")
    entries, problems = read_csv(f)
    assert [e.en for e in entries] == ["Online Safety Act"]
    assert problems[0].startswith("names.csv row 3: zh") and problems[1].startswith("names.csv row 4: origin")
    (tmp_path / "bad.csv").write_bytes("zh,en,origin\n在线安全法,x,editor\n".encode("gb18030"))
    with pytest.raises(TMError, match="bad.csv: not UTF-8"):
        read_csv(tmp_path / "bad.csv")
    (tmp_path / "cols.csv").write_text("chinese,english\n", encoding="utf-8")
    with pytest.raises(TMError, match=r"cols.csv: expected columns .*missing \['zh', 'en', 'origin'\]"):
        read_csv(tmp_path / "cols.csv")


def test_tm_cli_import_export_lookup(tmp_path: Path) -> None:
    env = {"POLICYSCOPE_TM": str(tmp_path / "local.csv")}
    f = tmp_path / "team.csv"
    f.write_text("zh,en,origin,source_ref,note\n在线安全法,Online Safety Act 2023,editor,team,\n", encoding="utf-8")
    r = run_cli("tm", "import", str(f), env=env)
    assert r.returncode == 0, r.stderr
    assert "1 new" in r.stdout
    again = run_cli("tm", "import", str(f), env=env)
    assert "0 new" in again.stdout
    r = run_cli("tm", "lookup", "online safety act 2023", "-f", "json", env=env)
    assert '"在线安全法"' in r.stdout
    out = tmp_path / "all.csv"
    assert run_cli("tm", "export", str(out), "--no-machine", env=env).returncode == 0
    exported, _ = read_csv(out)
    assert any(e.en == "Online Safety Act 2023" for e in exported) and not any(e.machine for e in exported)


def test_build_fills_titles_and_importance(small_db: Path) -> None:
    con = duckdb.connect(str(small_db), read_only=True)
    try:
        zh = con.execute("SELECT count(*) FROM events WHERE title_zh_origin = 'original'").fetchone()[0]
        mem = con.execute("SELECT title, title_zh FROM events WHERE title_zh_origin = 'memory'").fetchall()
        missing = con.execute("SELECT count(*) FROM events WHERE title_zh IS NULL").fetchone()[0]
        assert zh > 700 and missing > 0
        assert ("National AI Strategy", "国家人工智能战略") in mem
        # machine translations never become titles
        assert con.execute("SELECT count(*) FROM events e JOIN (SELECT 1) ON true WHERE e.origin = 'mee' "
                           "AND e.title_zh <> e.title").fetchone()[0] == 0
        nulls = con.execute("SELECT count(*) FROM events WHERE importance IS NULL").fetchone()[0]
        assert nulls == 0
        top = con.execute("SELECT title FROM events ORDER BY importance DESC LIMIT 20").fetchall()
        assert ("中华人民共和国数据安全法",) in top
        low = con.execute("SELECT max(importance) FROM events WHERE level = 'subnational' AND type = 'other'"
                          ).fetchone()[0]
        nat_law = con.execute("SELECT min(importance) FROM events WHERE level = 'national' "
                              "AND type = 'law_regulation' AND status <> 'expired'").fetchone()[0]
        assert (low or 0) < nat_law
    finally:
        con.close()


def test_display_title_labels_untranslated_titles() -> None:
    ev = {"title": "Online Safety Act", "jurisdiction": "GBR", "type": "law_regulation"}
    assert display_title(ev, "zh") == "Online Safety Act（英国·法律法规）"
    assert display_title(ev, "en") == "Online Safety Act"
    assert display_title({**ev, "title_zh": "在线安全法"}, "zh") == "在线安全法"
    cn = {"title": "中华人民共和国数据安全法", "jurisdiction": "CHN", "type": "law_regulation"}
    assert display_title(cn, "en") == "中华人民共和国数据安全法 (China · Law or regulation)"


def test_editor_title_queue_and_carry_over(small_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    shutil.copy(small_db, db)
    env = {"POLICYSCOPE_TM": str(tmp_path / "local.csv")}
    r = run_cli("review", "list", "--needs-zh-title", "-f", "json", "-n", "5", db=db, env=env)
    assert r.returncode == 0, r.stderr
    import json

    queue = json.loads(r.stdout)
    assert queue, "the queue should hold events without a Chinese title"
    eid, title = queue[0]["id"], queue[0]["title"]
    r = run_cli("review", "edit", eid, "--title-zh", "测试中文标题", db=db, env=env)
    assert r.returncode == 0, r.stderr
    con = duckdb.connect(str(db), read_only=True)
    row = con.execute("SELECT title_zh, title_zh_origin FROM events WHERE id = ?", [eid]).fetchone()
    con.close()
    assert row == ("测试中文标题", "editor")
    r = run_cli("review", "list", "--needs-zh-title", "-f", "json", "-n", "500", db=db, env=env)
    assert eid not in r.stdout
    # the editor's title joins the local memory and survives a rebuild
    assert any(e.en == title and e.origin == "editor" for e in read_csv(tmp_path / "local.csv")[0])
    snap = tmp_path / "snap"
    snap.mkdir()
    for p in SNAPSHOT_DIR.glob("*.parquet"):
        if p.name.split(".", 1)[0] in SOURCES:
            shutil.copy(p, snap / p.name)
    import os

    os.environ["POLICYSCOPE_TM"] = env["POLICYSCOPE_TM"]
    try:
        build(db, snapshot_dir=snap, progress=False)
    finally:
        del os.environ["POLICYSCOPE_TM"]
    con = duckdb.connect(str(db), read_only=True)
    row = con.execute("SELECT title_zh, title_zh_origin FROM events WHERE id = ?", [eid]).fetchone()
    con.close()
    assert row == ("测试中文标题", "editor")
