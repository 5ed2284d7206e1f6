"""One guard for every zip-based format (xlsx, xlsm, docx, odt, ods, zip…), run before a parser inflates
anything: a 1.7 MB workbook once grew to 14 GB of memory inside openpyxl.

The central directory is checked first (member count, declared total size, overall and per-member
compression ratio, nesting of archives inside archives); then every member is inflated in chunks and
counted, stopping at the limit, because headers can lie. Nothing is kept in memory beyond one chunk."""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from policyscope.errors import Refused

MB = 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class ArchiveLimits:
    """Limits of one archive, generous for real office files (a 300-page docx is ~10 MB inflated)."""

    max_uncompressed: int = 512 * MB
    max_ratio: float = 200.0
    max_members: int = 10_000
    max_depth: int = 1  # archives inside the archive: an .xlsx may embed one level (e.g. an OLE package)
    min_size_for_ratio: int = MB  # small members may compress very well (empty sheets, styles)


class ArchiveRefused(Refused, ValueError):
    """An archive refused before parsing; ``reason`` says which limit, ``source`` which file."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.0f} B"


def check_archive(data: bytes | str | os.PathLike[str], source: str | None = None, kind: str = "zip",
                  limits: ArchiveLimits | None = None) -> None:
    """Refuse (:class:`ArchiveRefused`) an archive that is not a zip or that would inflate beyond ``limits``.

    ``data`` is the file's bytes or its path; ``kind`` names the format in messages ("XLSX", "DOCX")."""
    limits = limits or ArchiveLimits()
    if isinstance(data, bytes):
        name, fh = source or "archive", io.BytesIO(data)
    else:
        name = source or str(data)
        try:
            fh = open(Path(data), "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise ArchiveRefused(name, f"cannot open: {exc.strerror or exc}") from None
    with fh:
        _check(fh, name, kind, limits, depth=0, budget=[limits.max_uncompressed])


def _open(fh: io.IOBase | io.BufferedReader, name: str, kind: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(fh)  # type: ignore[arg-type]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError, EOFError,
            NotImplementedError) as exc:
        raise ArchiveRefused(name, f"not a valid {kind} file (not a readable zip archive: {exc})") from None


def _check(fh: io.IOBase | io.BufferedReader, name: str, kind: str, limits: ArchiveLimits, depth: int,
           budget: list[int]) -> None:
    zf = _open(fh, name, kind)
    with zf:
        infos = zf.infolist()
        bomb = "refused as a possible zip bomb"
        if len(infos) > limits.max_members:
            raise ArchiveRefused(name, f"{bomb}: {len(infos)} members in the archive (limit {limits.max_members})")
        total = sum(i.file_size for i in infos)
        packed = max(1, sum(i.compress_size for i in infos))
        if total > budget[0]:
            raise ArchiveRefused(name, f"{bomb}: {_size(total)} uncompressed (limit {_size(limits.max_uncompressed)})")
        for i in infos:
            ratio = i.file_size / max(1, i.compress_size)
            if i.file_size > limits.min_size_for_ratio and ratio > limits.max_ratio:
                raise ArchiveRefused(name, f"{bomb}: member {i.filename} inflates {ratio:.0f}× "
                                           f"(limit {limits.max_ratio:.0f}×)")
        if total > limits.min_size_for_ratio and total / packed > limits.max_ratio:
            raise ArchiveRefused(name, f"{bomb}: compression ratio {total / packed:.0f}× "
                                       f"(limit {limits.max_ratio:.0f}×)")
        for i in infos:
            _inflate(zf, i, name, kind, limits, depth, budget)


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, kind: str, limits: ArchiveLimits, depth: int,
             budget: list[int]) -> None:
    """Count what really comes out of one member; look inside it if it is itself an archive."""
    bomb = "refused as a possible zip bomb"
    nested = bytearray()
    is_zip: bool | None = None
    try:
        with zf.open(info) as member:
            while chunk := member.read(_CHUNK):
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise ArchiveRefused(name, f"{bomb}: inflated data exceeds {_size(limits.max_uncompressed)}")
                if is_zip is None:
                    is_zip = chunk.startswith(_ZIP_MAGIC)
                if is_zip:
                    nested += chunk
    except ArchiveRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, ValueError, RuntimeError) as exc:
        raise ArchiveRefused(name, f"corrupt {kind} archive (member {info.filename}: {exc})") from None
    if is_zip:
        if depth + 1 > limits.max_depth:
            raise ArchiveRefused(name, f"{bomb}: archive nested {depth + 2} levels deep at {info.filename} "
                                       f"(limit {limits.max_depth + 1})")
        _check(io.BytesIO(bytes(nested)), f"{name}!{info.filename}", kind, limits, depth + 1, budget)
