"""What every reader shares: the error type that names the file and the reason, size limits checked before
a byte is read, text decoding with encoding detection, language guess, and building the ``Document``."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from policyscope.errors import InputError
from policyscope.model import Document

MB = 1024 * 1024
DEFAULT_MAX_SIZE = 200 * MB


class ReaderError(InputError):
    """A file that cannot be read as a document; the message names the file and the reason."""

    def __init__(self, source: str | os.PathLike[str], reason: str) -> None:
        self.source = str(source)
        self.reason = reason
        super().__init__(f"{self.source}: {reason}")


@dataclass(frozen=True)
class ReadOptions:
    """Limits and defaults a reader applies. Archive limits refuse zip bombs before they are inflated."""

    max_size: int = DEFAULT_MAX_SIZE
    max_uncompressed: int = 512 * MB
    max_ratio: float = 200.0
    max_members: int = 10_000
    jurisdiction: str | None = None
    published: dt.date | None = None
    source_name: str | None = None
    extra_meta: dict[str, str] = field(default_factory=dict)


def parse_size(text: str) -> int:
    """``200MB``, ``1.5G``, ``512k`` or a plain number of bytes → bytes."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", text.lower())
    if not m:
        raise ValueError(f"--max-size: cannot read {text!r}; use e.g. 200MB, 1G or a number of bytes")
    mult = {"": 1, "k": 1024, "m": MB, "g": 1024 * MB, "t": 1024 * 1024 * MB}[m.group(2)]
    return int(float(m.group(1)) * mult)


def human_size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"


def check_size(path: Path, opts: ReadOptions) -> int:
    """Refuse a file above the size limit from its directory entry, before opening it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReaderError(path, "file not found") from None
    except PermissionError:
        raise ReaderError(path, "permission denied") from None
    if size > opts.max_size:
        raise ReaderError(
            path, f"file is {human_size(size)}, above the size limit of {human_size(opts.max_size)} (--max-size)"
        )
    if size == 0:
        raise ReaderError(path, "empty file (0 bytes)")
    return size


# -- text decoding ----------------------------------------------------------------------------------------

# Legacy Chinese encodings are read with their supersets so that every character of the family decodes.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs",
             "hz": "gb18030", "ascii": "utf-8"}


def _norm_encoding(name: str) -> str:
    n = name.lower().replace("-", "").replace("_", "")
    mapping = {"gb2312": "gb2312", "gbk": "gbk", "gb18030": "gb18030", "cp936": "cp936", "big5": "big5",
               "cp950": "cp950", "big5hkscs": "big5hkscs", "ascii": "ascii", "utf8": "utf-8"}
    base = mapping.get(n, name.lower())
    return _SUPERSET.get(base, base)


def _bad_control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\t\n\r\f") or 0xE000 <= ord(c) <= 0xF8FF
              or c == "\ufffd")
    return bad / len(text)


_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!",
                 b"\xd0\xcf\x11\xe0", b"%PDF-", b"SQLite format 3")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 written without a byte-order mark: its NULs (the high bytes of ASCII characters) all stand on
    one byte parity, and the decoded text is made of letters, CJK characters and punctuation; None otherwise."""
    sample = data[:65536]
    ze, zo = sample[0::2].count(0), sample[1::2].count(0)
    if ze + zo == 0:
        return None
    for enc, share in (("utf-16-le", zo / (ze + zo)), ("utf-16-be", ze / (ze + zo))):
        if share < 0.8:
            continue
        try:
            text = data[: len(data) // 2 * 2].decode(enc)
        except UnicodeDecodeError:
            continue
        good = sum(1 for c in text[:20000] if c.isprintable() or c.isspace()) / max(1, len(text[:20000]))
        usual = sum(1 for c in text[:20000] if ord(c) < 0x250 or "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"
                    or "\u2000" <= c <= "\u206f") / max(1, len(text[:20000]))
        if good > 0.99 and usual > 0.95:
            return text, enc
    return None


def clean_controls(text: str) -> str:
    """Stray control characters (form feeds and tabs stay) removed: they carry no text and break readers."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def decode_text(data: bytes, source: str | os.PathLike[str], declared: str | None = None) -> tuple[str, str]:
    """Bytes → (text, encoding). UTF-8 (with or without BOM) first, then a declared charset, then detection
    (GB18030/GBK/Big5 included), then line by line for files that mix encodings. Binary data is refused."""
    if data.startswith(_BINARY_MAGIC):
        raise ReaderError(source, "binary data (a file signature of an image, archive or program), not a text file")
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        nul_share = data[:65536].count(b"\x00") / min(len(data), 65536)
        if nul_share > 0.05:
            raise ReaderError(source, f"binary data ({nul_share:.0%} NUL bytes), not a text file")
        data = data.replace(b"\x00", b"")  # a few stray NULs (GPO text files): cleaned, not refused
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[str] = []
    if declared:
        candidates.append(_norm_encoding(declared))
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 4 * MB]).best()
    if best is not None:
        candidates.append(_norm_encoding(best.encoding))
    candidates += ["gb18030", "big5hkscs"]
    for enc in dict.fromkeys(candidates):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _bad_control_ratio(text) < 0.01 and _plausible(text, enc):
            return text, enc
    mixed = _decode_lines(data)
    if mixed is not None:
        return mixed
    raise ReaderError(source, "not decodable as text in UTF-8, GB18030, Big5 or any detected encoding "
                              "(binary data or a broken file?)")


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _plausible(text: str, enc: str) -> bool:
    """A legacy-Chinese decoding is plausible only when most of its non-ASCII characters are CJK ideographs
    or CJK punctuation; otherwise random bytes 'decode' as GB18030 too."""
    if enc not in ("gb18030", "big5hkscs"):
        return True
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return True
    good = sum(1 for c in non_ascii if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f"
               or "\uff00" <= c <= "\uffef" or c in "“”‘’—…·")
    return good / len(non_ascii) > 0.9


def _decode_lines(data: bytes) -> tuple[str, str] | None:
    """Files pasted together from several sources: decode each line with the first encoding that fits."""
    out: list[str] = []
    used: set[str] = set()
    for raw in data.split(b"\n"):
        for enc in ("utf-8", "gb18030", "big5hkscs"):
            try:
                line = raw.decode(enc)
            except UnicodeDecodeError:
                continue
            if enc == "utf-8" or _plausible(line, enc):
                out.append(line)
                used.add(enc)
                break
        else:
            return None
    if len(used) < 2:
        return None
    text = "\n".join(out)
    if _bad_control_ratio(text) >= 0.01:
        return None
    return text, "mixed(" + "+".join(sorted(used)) + ")"


# -- language and titles ----------------------------------------------------------------------------------

_LATIN = re.compile(r"[A-Za-z]")


def guess_lang(text: str) -> str:
    """zh, en or mixed from the share of CJK ideographs against Latin letters (a CJK character carries about
    as much as a short word, so it is weighted ×4)."""
    sample = text[:200_000]
    cjk = len(_CJK.findall(sample)) * 4
    latin = len(_LATIN.findall(sample))
    total = cjk + latin
    if total == 0:
        return "other"
    share = cjk / total
    if share > 0.7:
        return "zh"
    if share < 0.1:
        return "en"
    return "mixed"


def first_line_title(text: str, fallback: str) -> str:
    for line in text.splitlines():
        s = line.strip()
        if len(s) >= 2:
            return s[:200]
    return fallback


def make_document(data: bytes, text: str, *, origin: str, title: str | None, opts: ReadOptions,
                  needs_ocr: bool = False, meta: dict[str, str] | None = None,
                  published: dt.date | None = None) -> Document:
    """The one place that turns read text into a ``Document`` (id = sha256 of the original bytes)."""
    text = clean_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    name = Path(origin).name or origin
    m = {**opts.extra_meta, **(meta or {})}
    return Document(
        id=Document.hash_bytes(data),
        title=(title or "").strip()[:300] or first_line_title(text, name),
        lang=guess_lang(text),
        origin=origin,
        source_name=opts.source_name,
        published=opts.published or published,
        jurisdiction=opts.jurisdiction,
        text=text,
        needs_ocr=needs_ocr,
        meta=m,
    )
