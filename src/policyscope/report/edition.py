"""The analysts' edition file: their own text merged into a built report, kept across rebuilds.

A YAML file beside the report (``out/flagship.edition.yaml``) holds 前言 / preface, 核心观点 / key judgements,
commentary per section (by section key) and 展望 / outlook, each in zh and en with a ``status``. The tool
never overwrites a text that is there: it only adds what is missing — drafts written from the report's own
findings (the judgements reuse the report's sentences, facts and all), marked ``status: draft`` and printed
with 【草稿】 / [Draft] until the analyst sets ``status: accepted``. Section commentary starts empty.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError

from policyscope.errors import InputError
from policyscope.report.model import ItemsBlock, Paragraph, Report, Section, Sentence
from policyscope.report.narrative import say_from

SLOTS = ("preface", "judgements", "outlook")
HEADER = ("# policyscope edition file: the analysts' text of this report, in zh and en.\n"
          "# The build adds what is missing as drafts (status: draft, printed as 【草稿】/[Draft]) and never\n"
          "# changes a text that is here. Edit a text and set status: accepted; section commentary goes under\n"
          "# sections.<key> (the keys are listed there). Comments in this file are not kept.\n")


State = Literal["draft", "accepted"]


class Entry(BaseModel):
    """One text in both languages; ``status`` for both, or per language (``{zh: accepted, en: draft}``)."""

    status: State | dict[str, State] = "draft"
    zh: str | list[str] | None = None
    en: str | list[str] | None = None

    def state(self, lang: str) -> State:
        return self.status if isinstance(self.status, str) else self.status.get(lang, "draft")

    def add_draft(self, lang: str, text: str | list[str]) -> None:
        """A draft in ``lang``; the other language keeps its state."""
        if self.state(lang) != "draft":
            self.status = {**{x: self.state(x) for x in ("zh", "en")}, lang: "draft"}
        setattr(self, lang, text)


class Edition(BaseModel):
    preface: Entry = Field(default_factory=Entry)
    judgements: Entry = Field(default_factory=Entry)
    sections: dict[str, Entry] = Field(default_factory=dict)
    outlook: Entry = Field(default_factory=Entry)


def edition_path(out: Path, base: str) -> Path:
    return out / f"{base}.edition.yaml"


def load(path: Path) -> Edition:
    if not path.exists():
        return Edition()
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        return Edition.model_validate(data)
    except (yaml.YAMLError, ValidationError) as exc:
        raise InputError(f"{path}: not a valid edition file ({str(exc).splitlines()[0]})") from None


def save(path: Path, ed: Edition) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(ed.model_dump(), allow_unicode=True, sort_keys=False, width=1000)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(HEADER + body, "utf-8")
    tmp.replace(path)  # (a crash never leaves half a file)


# -- drafts from the report's findings -------------------------------------------------------------------

def _first_sentence(sec: Section) -> Sentence | None:
    for s in sec.walk():
        for b in s.blocks:
            if isinstance(b, Paragraph) and b.style == "body" and b.sentences and any(f for f in b.sentences[0].facts):
                return b.sentences[0]
    return None


def draft_judgements(rep: Report) -> list[Sentence]:
    """One finding per chapter (the first sentence with numbers of each top-level section), then each major
    economy's strengths and weaknesses (the last sentence of its chapter)."""
    out = []
    for sec in rep.sections:
        st = _first_sentence(sec)
        if st is not None:
            out.append(st)
    for sec in rep.all_sections():
        if sec.key.startswith("country-") and sec.blocks and isinstance(sec.blocks[-1], Paragraph):
            out.append(sec.blocks[-1].sentences[-1])
    return out


def draft_texts(rep: Report) -> dict[str, str | list[str]]:
    lang = rep.lang
    chapters = [s.title for s in rep.sections]
    year = rep.params.get("year", "")
    return {"preface": say_from("chapters", lang, "ed_preface", title=rep.title, year=year, chapters=chapters).text,
            "judgements": [s.text for s in draft_judgements(rep)],
            "outlook": say_from("chapters", lang, "ed_outlook", year=year, chapters=chapters).text
            + _china_outlook(rep)}


def _china_outlook(rep: Report) -> str:
    """A paragraph on China from its chapter's strengths and weaknesses (the reader's country)."""
    chn = next((s for s in rep.all_sections() if s.key == "country-CHN"), None)
    if chn is None or not chn.blocks or not isinstance(chn.blocks[-1], Paragraph):
        return ""
    return "\n\n" + say_from("chapters", rep.lang, "ed_outlook_china", summary=chn.blocks[-1].sentences[-1].text).text


def fill(ed: Edition, rep: Report) -> bool:
    """Add drafts where the language's text is missing; True when the file must be written."""
    lang, changed = rep.lang, False
    drafts = draft_texts(rep)
    for slot in SLOTS:
        e: Entry = getattr(ed, slot)
        if getattr(e, lang) in (None, "", []):
            e.add_draft(lang, drafts[slot])
            changed = True
    for sec in rep.sections:
        if sec.key not in ed.sections:
            ed.sections[sec.key] = Entry(zh="", en="")
            changed = True
    return changed


# -- merging into the report -------------------------------------------------------------------------------

def _mark(e: Entry, lang: str) -> str:
    return "" if e.state(lang) == "accepted" else ("【草稿】" if lang == "zh" else "[Draft] ")


def _paras(text: str, mark: str) -> list[Paragraph]:
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    return [Paragraph(sentences=[Sentence(text=(mark if i == 0 else "") + p)]) for i, p in enumerate(parts)]


def _known(rep: Report) -> dict[str, Sentence]:
    """The report's sentences by text: a judgement that is one of them keeps its traced facts."""
    return {st.text: st for s in rep.all_sections() for b in s.blocks if isinstance(b, Paragraph) for st in b.sentences}


def apply(rep: Report, ed: Edition) -> Report:
    lang = rep.lang
    head: list[Section] = []
    pre = getattr(ed.preface, lang)
    if isinstance(pre, str) and pre.strip():
        head.append(Section(key="preface", title=label(lang, "preface"), numbered=False, blocks=list(_paras(pre, _mark(ed.preface, lang)))))
    jud = getattr(ed.judgements, lang)
    if jud:
        items = [jud] if isinstance(jud, str) else list(jud)
        known = _known(rep)
        sents = [known.get(t, Sentence(text=t)) for t in items if t.strip()]
        mark = _mark(ed.judgements, lang)
        blocks: list[Any] = [Paragraph(sentences=[Sentence(text=mark + say_from("chapters", lang, "ed_judgements_lead").text)], style="lead")]
        blocks.append(ItemsBlock(items=sents))
        head.append(Section(key="judgements", title=label(lang, "judgements"), numbered=False, blocks=blocks))
    for sec in rep.sections:
        e = ed.sections.get(sec.key)
        text = getattr(e, lang) if e is not None else None
        if isinstance(text, str) and text.strip():
            sec.blocks[:0] = _paras(text, _mark(e, lang))  # type: ignore[arg-type]
    tail: list[Section] = []
    out = getattr(ed.outlook, lang)
    if isinstance(out, str) and out.strip():
        tail.append(Section(key="outlook", title=label(lang, "outlook"), numbered=False, blocks=list(_paras(out, _mark(ed.outlook, lang)))))
    methods = [s for s in rep.sections if s.key.startswith("methods")]
    body = [s for s in rep.sections if not s.key.startswith("methods")]
    rep.sections = head + body + tail + methods
    return rep.number()


def label(lang: str, name: str) -> str:
    return say_from("chapters", lang, f"ed_t_{name}").text


def merge(rep: Report, path: Path) -> Report:
    """Read the edition file (or start one), add missing drafts for the report's language, write it back only
    when something was added, and merge its text into the report."""
    ed = load(path)
    if fill(ed, rep):
        save(path, ed)
    return apply(rep, ed)
