"""Document uploads: check size and type from the bytes, keep the file beside the database, and ingest it
on the writer thread as a job (the page and ``POST /api/v1/documents`` both start one here)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import UploadFile

from policyscope.errors import TooLarge
from policyscope.ingest.readers import ReaderError
from policyscope.web.auth import User
from policyscope.web.jobs import Job
from policyscope.web.security import sniff

if TYPE_CHECKING:
    from policyscope.web.state import WebState


async def start_upload(st: WebState, user: User, file: UploadFile) -> Job:
    """Check size and type, keep the file beside the database, queue its ingest on the writer thread."""
    limit = int(st.settings.max_upload_mb * 1024 * 1024)
    name = Path(file.filename or "upload").name
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"{name}: larger than the upload limit of {st.settings.max_upload_mb:g} MB")
    kind = sniff(data, name)
    digest = hashlib.sha256(data).hexdigest()
    stem = re.sub(r"[^\w.-]+", "_", Path(name).stem, flags=re.UNICODE)[:60] or "upload"
    folder = st.settings.db_path.parent / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{digest[:12]}-{stem}.{kind}"
    ours = not path.exists()  # the same bytes uploaded before keep their file
    path.write_bytes(data)
    job = st.jobs.new("ingest", user.name)
    job.message = f"{name} ({kind}, {len(data):,} bytes) queued"
    job.result = {"file": name, "type": kind, "bytes": len(data)}
    job.progress = 0.1

    def run(db: Any) -> dict[str, Any]:
        from policyscope.store.intake import ingest

        job.status, job.progress, job.message = "running", 0.3, f"reading and extracting {name}"
        try:
            report = ingest(db, [path], actor=f"web:{user.name}")
            res = report.results[0] if report.results else None
            if res is None or res.status == "error":
                raise ReaderError(name, res.error if res else "nothing could be read")
        except BaseException:
            if ours:  # a rejected upload leaves nothing behind
                path.unlink(missing_ok=True)
            raise
        if res.status == "new":  # readers see the name the user gave, never the server's folder
            with db.transaction() as con:
                con.execute("UPDATE core.document SET origin = ? WHERE id = ?", [f"upload:{name}", res.document_id])
        evs = [{"id": r[0], "title": r[1], "jurisdiction": r[2], "type": r[3], "line": r[4]} for r in db.con.execute(
            "SELECT id, title, jurisdiction, type, line FROM core.event WHERE document_id = ? ORDER BY line NULLS LAST, id",
            [res.document_id]).fetchall()]
        job.message = (f"{name}: {len(evs)} events" if res.status == "new"
                       else f"{name} was already stored: {len(evs)} events")
        return {"file": name, "type": kind, "bytes": len(data), "document_id": res.document_id, "title": res.title,
                "lang": res.lang, "status": res.status, "needs_ocr": res.needs_ocr, "events": evs,
                "events_new": res.events_new, "summary": report.summary()}

    fut = st.writer.submit(run)
    st.jobs.track(job, fut)
    return job
