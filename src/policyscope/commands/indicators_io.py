"""``policyscope indicators fetch | import | kept``: live connectors and spec-driven file import.

Both keep the raw input under ``raw/`` beside the database first, load in one transaction (all or nothing),
recompute the derived indicators and group aggregates, and register a post-build hook so that a rebuild
re-applies every kept fetch and import (a rebuild never loses newer data).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import duckdb
import pandas as pd
import typer
from rich.progress import Progress

from policyscope.commands.common import (
    DbOption,
    FormatOption,
    OutFormat,
    console,
    emit,
    err_console,
    friendly_errors,
)
from policyscope.sources.base import Bundle, SourceError
from policyscope.store.database import default_db_path, open_db

MANIFEST_SUFFIX = ".manifest.json"


def raw_dir_for(db_path: Path) -> Path:
    """Raw downloads and imported files live in ``raw/`` beside the database file."""
    return Path(db_path).resolve().parent / "raw"


def _parse_jurisdictions(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    from policyscope.model import registry

    reg = registry()
    out: list[str] = []
    for v in values:
        for part in v.split(","):
            if part.strip():
                out.append(reg.resolve_code(part.strip()))
    return out


def _merge_meta(con: duckdb.DuckDBPyConnection, ind: pd.DataFrame) -> pd.DataFrame:
    """Keep curated catalogue fields (Chinese name, definition) that a new download leaves empty."""
    if ind.empty:
        return ind
    codes = list(ind["code"])
    old = con.execute(
        f"SELECT * FROM core.indicator WHERE code IN ({', '.join('?' * len(codes))})", codes).df().set_index("code")
    out = ind.copy()
    for i, row in out.iterrows():
        if row["code"] in old.index:
            prev = old.loc[row["code"]]
            for col in ("name_zh", "definition", "unit", "formula"):
                if row[col] is None or (isinstance(row[col], float) and row[col] != row[col]) or (
                        col == "name_zh" and str(row[col]).endswith("）") and "指标" in str(row[col])):
                    out.at[i, col] = prev[col]
    return out


def load_bundles(con: duckdb.DuckDBPyConnection, bundles: list[Bundle], actor: str) -> dict[str, int]:
    """Load bundles and recompute derived indicators and aggregates (caller holds the transaction)."""
    from policyscope.store.build import load_bundle_into
    from policyscope.store.derived import compute_aggregates, compute_derived

    totals: dict[str, int] = {}
    for b in bundles:
        refuse_derived(b, f"{b.source} data")
        b.tables["indicators"] = _merge_meta(con, b.table("indicators"))
        for k, v in load_bundle_into(con, b, actor=actor).items():
            totals[k] = totals.get(k, 0) + v
    compute_derived(con)
    compute_aggregates(con)
    return totals


# -- fetch ---------------------------------------------------------------------------------------------------

@friendly_errors
def fetch_cmd(
    source: Annotated[str, typer.Argument(help="wdi (World Bank), oecd / sdmx (SDMX providers) or openalex.")],
    codes: Annotated[list[str], typer.Argument(help="Indicator codes: GB.XPD.RSDV.GD.ZS; MSTI.GERD.PPP or "
                                                    "PROVIDER:FLOW/KEY; COAUTHOR or COAUTHOR.AI.")],
    year_from: Annotated[int | None, typer.Option("--from", help="First year.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", help="Last year.")] = None,
    jurisdictions: Annotated[list[str] | None, typer.Option(
        "--jurisdictions", "-j", help="Codes or names, comma-separated or repeated (default: all; OpenAlex "
                                      "needs them).")] = None,
    db: DbOption = None,
    fmt: FormatOption = OutFormat.table,
) -> None:
    """Fetch indicators from a live API; raw responses are kept under raw/ beside the database first.

    Example: policyscope indicators fetch wdi GB.XPD.RSDV.GD.ZS NY.GDP.MKTP.CD --from 2016 --to 2020
    """
    from policyscope.sources.live import fetch

    db_path = default_db_path(db)
    with open_db(db_path, read_only=True):
        pass  # fail early, before any download, if the database is missing or unreadable
    js = _parse_jurisdictions(jurisdictions)
    raw = raw_dir_for(db_path)
    results, failures = [], []
    with Progress(transient=True, console=err_console) as bar:
        task = bar.add_task(f"fetching {source}", total=len(codes))
        for code in codes:
            bar.update(task, description=f"fetching {source} {code}")
            pages = [0]

            def on_page(_path: Path, code: str = code, pages: list[int] = pages) -> None:
                pages[0] += 1
                bar.update(task, description=f"fetching {source} {code}: {pages[0]} response(s) kept")

            try:
                results.append((code, fetch(source, code, raw, year_from, year_to, js, on_page=on_page)))
            except SourceError as exc:
                failures.append((code, str(exc)))
            bar.advance(task)
    rows = []
    if results:
        with open_db(db_path) as d, d.transaction() as con:
            load_bundles(con, [r.bundle for _, r in results], actor=f"fetch:{source}")
        for code, r in results:
            obs = r.bundle.table("observations")
            rows.append({"code": code, "status": "loaded", "observations": len(obs),
                         "edges": len(r.bundle.table("edges")), "jurisdictions": int(obs["jurisdiction"].nunique()),
                         "years": f"{obs['year'].min()}–{obs['year'].max()}" if len(obs) else "",
                         "vintage": r.vintage, "raw": r.manifest.name if fmt == OutFormat.table else str(r.manifest)})
    for code, msg in failures:
        rows.append({"code": code, "status": "failed", "observations": 0, "edges": 0, "jurisdictions": 0,
                     "years": "", "vintage": "", "raw": "" if fmt == OutFormat.table else msg})
    emit(rows, fmt)
    for code, msg in failures:
        err_console.print(f"[bold red]error:[/] {code}: {msg}", highlight=False)
    for _, r in results:
        if r.bundle.unknown_names:
            err_console.print(f"[yellow]not loaded, unknown jurisdiction codes:[/] {', '.join(r.bundle.unknown_names)}")
    if failures:
        raise typer.Exit(1)


# -- import --------------------------------------------------------------------------------------------------

def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _keep_file(raw: Path, file: Path, spec_path: Path | None, skip_unknown: bool,
               vintage: str) -> tuple[Path, dict[str, object], list[Path]]:
    """Copy the imported file (and its spec) under raw/ before loading; return the manifest to write once the
    load has committed (its path and content) and the copies (to remove if the load fails)."""
    raw.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    stem = f"file_{file.stem[:80]}_{now.strftime('%Y%m%dT%H%M%S%fZ')}"
    kept = raw / f"{stem}{''.join(file.suffixes[-2:]) or '.dat'}"
    shutil.copy2(file, kept)
    copies = [kept]
    manifest: dict[str, object] = {
        "source": "file", "code": file.name, "fetched_at": now.isoformat(timespec="seconds"), "vintage": vintage,
        "original": str(file.resolve()), "file": kept.name, "skip_unknown": skip_unknown,
        "files": [{"file": kept.name, "url": str(file.resolve())}], "sha256": {kept.name: _sha256(kept)}}
    if spec_path is not None:
        kept_spec = raw / f"{stem}.spec{spec_path.suffix}"
        shutil.copy2(spec_path, kept_spec)
        copies.append(kept_spec)
        manifest["spec"] = kept_spec.name
        manifest["sha256"][kept_spec.name] = _sha256(kept_spec)  # type: ignore[index]
    return raw / f"{stem}{MANIFEST_SUFFIX}", manifest, copies


def write_manifest_atomically(path: Path, manifest: dict[str, object]) -> None:
    """Temp file, fsync, rename, fsync the folder: a kill leaves either no manifest or the whole one — and it
    is written only after the import committed, so a manifest never stands for an import that did not."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(manifest, ensure_ascii=False, indent=1))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def read_manifest(path: Path) -> tuple[Bundle, str]:
    """A kept fetch or import, parsed again from its raw files (no network), after checking that the manifest
    is whole and that its files are the ones that were imported (checksums, when recorded)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"kept manifest {path} is unreadable or incomplete ({exc}); not applied") from None
    if not isinstance(data, dict) or "source" not in data:
        raise SourceError(f"kept manifest {path} is not a policyscope manifest; not applied")
    for name, digest in (data.get("sha256") or {}).items():
        kept = path.parent / name
        if not kept.exists() or _sha256(kept) != digest:
            raise SourceError(f"kept file {kept} is missing or changed since it was imported (checksum); "
                              f"{path.name} not applied")
    if data.get("source") == "file":
        from policyscope.sources.file_import import load_spec, read_file

        spec = load_spec(path.parent / data["spec"]) if data.get("spec") else None
        bundle, report = read_file(path.parent / data["file"], spec, skip_unknown=bool(data.get("skip_unknown")))
        return bundle, report.vintage
    from policyscope.sources.live import replay_manifest

    r = replay_manifest(path)
    return r.bundle, r.vintage


def refuse_derived(bundle: Bundle, what: str) -> None:
    """Derived indicators are computed by their declared formula at every load; an import of one would be
    reported as loaded and then silently recomputed over, so it is refused, naming the formula."""
    from policyscope.store.derived import DERIVED

    formulas = {d.code: d.formula for d in DERIVED}
    codes = set(bundle.table("indicators").get("code", pd.Series(dtype=str))) | set(
        bundle.table("observations").get("indicator", pd.Series(dtype=str)))
    bad = sorted(c for c in codes if c in formulas)
    if bad:
        raise SourceError(f"{what}: not imported: " + "; ".join(
            f"{c} is a derived indicator, computed by its declared formula {formulas[c]} — import its inputs "
            "instead (or use another code for your own series)" for c in bad))


@friendly_errors
def import_cmd(
    file: Annotated[Path, typer.Argument(help="CSV, Excel, JSON, SDMX-ML/SDMX-JSON file, or a raw/*.manifest.json.")],
    spec: Annotated[Path | None, typer.Option("--spec", "-s", help="Mapping spec (YAML or JSON); see "
                                                                    "docs/connectors.md.")] = None,
    skip_unknown: Annotated[bool, typer.Option("--skip-unknown", help="Import the known jurisdictions and list "
                                                                      "the unknown names instead of refusing.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check the file and report; write nothing.")] = False,
    db: DbOption = None,
    fmt: FormatOption = OutFormat.table,
) -> None:
    """Import an indicator file described by a mapping spec; the whole file is checked first, then loaded in
    one transaction (all or nothing).

    Example: policyscope indicators import gerd.csv --spec docs/examples/ncses_gerd_spec.yaml
    """
    from policyscope.sources.file_import import ImportReport, load_spec, read_file

    db_path = default_db_path(db)
    with open_db(db_path, read_only=True):
        pass
    pending: tuple[Path, dict[str, object], list[Path]] | None = None
    if file.name.endswith(MANIFEST_SUFFIX):
        bundle, vintage = read_manifest(file)
        obs = bundle.table("observations")
        report = ImportReport(file=str(file), rows_read=len(obs), observations=len(obs),
                              indicators=sorted(set(obs["indicator"])), vintage=vintage,
                              jurisdictions=int(obs["jurisdiction"].nunique()) if len(obs) else 0,
                              years=sorted({int(y) for y in obs["year"]}))
        kept: Path | None = file
    else:
        sp = load_spec(spec) if spec else None
        bundle, report = read_file(file, sp, skip_unknown=skip_unknown)
        refuse_derived(bundle, str(file))
        if not dry_run:
            pending = _keep_file(raw_dir_for(db_path), file, spec, skip_unknown, report.vintage)
        kept = pending[0] if pending else None
    if not dry_run:
        try:
            with open_db(db_path) as d:
                with d.transaction() as con:
                    load_bundles(con, [bundle], actor=f"import:{file.name}")
                if pending is not None:  # committed: only now may a rebuild re-apply it (still under the lock)
                    write_manifest_atomically(pending[0], pending[1])
        except BaseException:
            if pending is not None:  # not loaded: nothing may stay to be re-applied at the next rebuild
                for p in (pending[0], *pending[2]):
                    p.unlink(missing_ok=True)
            raise
    data = report.model_dump() | {"kept_as": str(kept) if kept else None, "loaded": not dry_run}
    if fmt == OutFormat.json:
        emit(data, fmt)
    else:
        summary = {k: v for k, v in data.items() if k not in ("warnings", "skipped_unknown", "excluded_names")}
        summary["years"] = f"{min(report.years)}–{max(report.years)}" if report.years else ""
        emit(pd.DataFrame({"field": list(summary), "value": [str(v) for v in summary.values()]}), fmt)
        for w in report.warnings:
            err_console.print(f"[yellow]warning:[/] {w}", highlight=False)


# -- kept ----------------------------------------------------------------------------------------------------

def kept_manifests(raw: Path) -> list[Path]:
    """Manifests under raw/, oldest first (the order in which they are re-applied)."""
    if not raw.is_dir():
        return []
    items = []
    for p in raw.glob(f"*{MANIFEST_SUFFIX}"):
        try:
            at = json.loads(p.read_text(encoding="utf-8")).get("fetched_at", "")
        except (OSError, json.JSONDecodeError):
            at = ""
        items.append((at, p.name, p))
    return [p for _, _, p in sorted(items)]


@friendly_errors
def kept_cmd(db: DbOption = None, fmt: FormatOption = OutFormat.table) -> None:
    """List the kept fetches and imports (raw/ beside the database) that a rebuild re-applies.

    Example: policyscope indicators kept --format json
    """
    rows = []
    for p in kept_manifests(raw_dir_for(default_db_path(db))):
        try:
            m = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            m = {"source": "unreadable manifest (not applied)"}
        rows.append({"manifest": p.name, "source": m.get("source"), "code": m.get("code"),
                     "fetched_at": m.get("fetched_at"), "vintage": m.get("vintage"), "files": len(m.get("files", []))})
    if not rows and fmt == OutFormat.table:
        console.print("no kept fetches or imports")
        return
    emit(rows, fmt)


def reapply_kept(con: duckdb.DuckDBPyConnection) -> None:
    """Post-build hook: re-apply every kept fetch/import of raw/ beside the database being built."""
    row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    if not row or not row[0]:
        return
    manifests = kept_manifests(raw_dir_for(Path(row[0])))
    if not manifests:
        return
    bundles = []
    for m in manifests:
        try:
            bundle = read_manifest(m)[0]
            refuse_derived(bundle, m.name)
            bundles.append(bundle)
        except (SourceError, OSError, ValueError) as exc:
            err_console.print(f"[yellow]warning:[/] kept download {m.name} not re-applied: {exc}", highlight=False)
    con.execute("BEGIN TRANSACTION")
    try:
        load_bundles(con, bundles, actor="rebuild:kept")
        con.execute("COMMIT")
    except duckdb.Error as exc:  # the snapshot build stays usable; say loudly what was not re-applied
        con.execute("ROLLBACK")
        err_console.print(f"[bold yellow]warning:[/] kept downloads in {manifests[0].parent} were not re-applied: "
                          f"{exc}", highlight=False)


def register(app: typer.Typer) -> None:
    """Mount the commands on ``policyscope indicators`` and the rebuild hook."""
    from policyscope.store.build import POST_BUILD_HOOKS

    app.command("fetch")(fetch_cmd)
    app.command("import")(import_cmd)
    app.command("kept")(kept_cmd)
    if reapply_kept not in POST_BUILD_HOOKS:
        POST_BUILD_HOOKS.append(reapply_kept)
