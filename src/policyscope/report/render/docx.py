"""Word through python-docx: real Heading 1/2 styles, a TOC field and tables of figures and tables,
figures as PNG with SEQ-numbered captions, tables with captions, a running header and page numbers. Fonts
live in the styles, so an editor restyles the whole report in one place.

The contents and the lists of figures and tables are written at build time as the fields' results, with the
page numbers LibreOffice gives the body (see :mod:`docx_pages`), so the file opens complete in any viewer;
the fields stay, so Word can still update them."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from policyscope.report.model import FigureBlock, ItemsBlock, NoteBlock, Report, Section, TableBlock
from policyscope.report.model import Paragraph as ParagraphBlock
from policyscope.report.narrative import label
from policyscope.report.render import docx_pages
from policyscope.report.render.common import Images, masthead_date, outline
from policyscope.report.render.docx_notes import Footnotes

CJK_FONT = "Noto Sans CJK SC"
LATIN_FONT = "Noto Sans"
BLUE = RGBColor(0x1F, 0x4E, 0x79)


def _fonts(style, size: float | None = None, bold: bool | None = None, color: RGBColor | None = None) -> None:
    f = style.font
    f.name = LATIN_FONT
    if size:
        f.size = Pt(size)
    if bold is not None:
        f.bold = bold
    if color is not None:
        f.color.rgb = color
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    for k in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(k), LATIN_FONT)
    rfonts.set(qn("w:eastAsia"), CJK_FONT)
    for k in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(k)) is not None:
            del rfonts.attrib[qn(k)]


def _field(paragraph, instr: str, placeholder: str = "") -> None:
    """A complex field (TOC, SEQ, PAGE…) with a cached result Word replaces when fields update."""
    run = paragraph.add_run()
    b = OxmlElement("w:fldChar")
    b.set(qn("w:fldCharType"), "begin")
    b.set(qn("w:dirty"), "true")
    run._r.append(b)
    run = paragraph.add_run()
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = f" {instr} "
    run._r.append(t)
    run = paragraph.add_run()
    s = OxmlElement("w:fldChar")
    s.set(qn("w:fldCharType"), "separate")
    run._r.append(s)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    e = OxmlElement("w:fldChar")
    e.set(qn("w:fldCharType"), "end")
    run._r.append(e)


def _styles(doc) -> None:
    st = doc.styles
    _fonts(st["Normal"], 10.5)
    st["Normal"].paragraph_format.space_after = Pt(4)
    st["Normal"].paragraph_format.line_spacing = 1.3
    _fonts(st["Title"], 24, True, BLUE)
    _fonts(st["Subtitle"], 14, False, BLUE)
    _fonts(st["Heading 1"], 15, True, BLUE)
    _fonts(st["Heading 2"], 12.5, True, BLUE)
    _fonts(st["Caption"], 9.5, True, RGBColor(0x22, 0x22, 0x22))
    st["Caption"].font.italic = False
    st["Caption"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for name, size, color in (("Source", 8.5, RGBColor(0x55, 0x55, 0x55)), ("Note", 9.5, RGBColor(0x66, 0x66, 0x66))):
        if name not in [s.name for s in st]:
            s = st.add_style(name, 1)
            s.base_style = st["Normal"]
            _fonts(s, size, False, color)
    for name in ("TOC Heading",):
        if name not in [s.name for s in st]:
            s = st.add_style(name, 1)
            s.base_style = st["Heading 1"]
            _fonts(s, 15, True, BLUE)
    # ask Word to update fields (contents, lists of figures/tables, SEQ numbers) when the file opens
    settings = doc.settings.element
    upd = OxmlElement("w:updateFields")
    upd.set(qn("w:val"), "true")
    settings.append(upd)


def _caption(doc, report: Report, kind: str, number: int, text: str) -> tuple[str, Any]:
    """The caption paragraph (numbered by a SEQ field) and its text for the list of figures or tables."""
    p = doc.add_paragraph(style="Caption")
    seq = ("图" if kind == "figure" else "表") if report.lang == "zh" else ("Figure" if kind == "figure" else "Table")
    p.add_run(f"{seq} ")
    _field(p, f"SEQ {seq} \\* ARABIC", str(number))
    tail = ("  " if report.lang == "zh" else ". ") + text
    p.add_run(tail)
    return f"{seq} {number}{tail}", p


TEXT_WIDTH = Cm(17.0)
_ENTRY_STYLES = {("toc", 1): "TOC 1", ("toc", 2): "TOC 2", ("lof", 1): "Table of Figures", ("lot", 1): "Table of Figures"}


def _entry_style(doc, name: str):
    if name not in [s.name for s in doc.styles]:
        st = doc.styles.add_style(name, 1)
        st.base_style = doc.styles["Normal"]
        st.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        st.paragraph_format.space_after = Pt(2)
        if name == "TOC 2":
            st.paragraph_format.left_indent = Cm(0.75)
    return doc.styles[name]


def _fill_field(doc, paragraph, entries: list[tuple[int, str, int | None]], kind: str) -> list[Any]:
    """Replace a field's placeholder result with one paragraph per entry (text, dot leader, page number);
    the field's begin/instruction stay in the first paragraph and its end moves to the last, as Word writes it."""
    runs = paragraph._p.findall(qn("w:r"))
    end_run = next(r for r in runs if (fc := r.find(qn("w:fldChar"))) is not None
                   and fc.get(qn("w:fldCharType")) == "end")
    sep_idx = next(i for i, r in enumerate(runs) if (fc := r.find(qn("w:fldChar"))) is not None
                   and fc.get(qn("w:fldCharType")) == "separate")
    for r in runs[sep_idx + 1:]:
        paragraph._p.remove(r)
    begin = paragraph._p.find(qn("w:r")).find(qn("w:fldChar"))
    if begin is not None and begin.get(qn("w:dirty")):
        del begin.attrib[qn("w:dirty")]  # the result is current; Word may still update it (settings)
    current = paragraph
    numbers = []
    for i, (level, text, page) in enumerate(entries):
        if i:
            new = OxmlElement("w:p")
            current._p.addnext(new)
            from docx.text.paragraph import Paragraph

            current = Paragraph(new, paragraph._parent)
        current.style = _entry_style(doc, _ENTRY_STYLES[(kind, level)])
        current.add_run(text)
        numbers.append(current.add_run("\t" + (str(page) if page is not None else "")))
    current._p.append(end_run)
    return numbers


def write_docx(report: Report, path: Path, images: Images | None = None) -> Path:
    """The report as a Word file: cover, contents (with page numbers filled in after a layout), body."""
    images = images or Images(report)
    doc = Document()
    _styles(doc)
    _page_setup(doc)
    _cover(doc, report)
    fields = _contents_fields(doc, report)
    entries: list[tuple[str, int, str]] = []  # (list, level, text) in reading order
    _body_section(doc, report)
    notes = Footnotes(doc)
    for h in outline(report):
        doc.add_heading(h.text, level=h.level)
        entries.append(("toc", h.level, h.text))
        last = None
        for b in h.section.blocks:
            if b.kind == "notes":  # evidence notes: real footnotes called where the block before ends
                _notes_block(doc, b, notes, last)
                continue
            writer = _BLOCK_WRITERS.get(b.kind)
            if writer is not None:
                last = writer(doc, report, b, images, entries, notes)
        _section_sources(doc, report, h.section)
    doc.core_properties.title = report.title
    doc.core_properties.author = "policyscope"
    doc.core_properties.language = "zh-CN" if report.lang == "zh" else "en"
    _write_contents(doc, path, fields, entries)  # saves it (for the layout, then with the page numbers)
    return path


def _page_setup(doc: Any) -> None:
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin, sec.bottom_margin = Cm(2.4), Cm(2.2)
    sec.different_first_page_header_footer = True


def _cover(doc: Any, report: Report) -> None:
    """The cover (a masthead for a newsletter, which has its highlights under it instead of a page break)."""
    lang = report.lang
    for _ in range(4 if report.kind != "newsletter" else 1):
        doc.add_paragraph()
    p = doc.add_paragraph(report.issuer)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    t = doc.add_paragraph(report.title, style="Title")
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.subtitle:
        s = doc.add_paragraph(report.subtitle, style="Subtitle")
        s.alignment = WD_ALIGN_PARAGRAPH.CENTER
    issued = masthead_date(report) if report.masthead else label(lang, "generated", date=report.date)
    for line in [report.issue, issued, *report.cover_lines]:
        if line:
            q = doc.add_paragraph(line, style="Note")
            q.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.kind == "newsletter" and report.highlights:
        doc.add_paragraph(label(lang, "highlights"), style="TOC Heading")
        for i, highlight in enumerate(report.highlights, 1):
            doc.add_paragraph(f"{i}. {highlight}")
    if report.kind != "newsletter":
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _contents_fields(doc: Any, report: Report) -> dict[str, object]:
    """Contents, lists of figures and tables: fields whose results are filled in after layout."""
    lang = report.lang
    fields: dict[str, object] = {}
    doc.add_paragraph(label(lang, "toc"), style="TOC Heading")
    fields["toc"] = doc.add_paragraph()
    _field(fields["toc"], 'TOC \\o "1-2" \\h \\z \\u', "")
    if report.kind != "newsletter":
        fig_label = "图" if lang == "zh" else "Figure"
        tab_label = "表" if lang == "zh" else "Table"
        if report.figures():
            doc.add_paragraph(label(lang, "lof"), style="TOC Heading")
            fields["lof"] = doc.add_paragraph()
            _field(fields["lof"], f'TOC \\h \\z \\c "{fig_label}"', "")
        if report.tables():
            doc.add_paragraph(label(lang, "lot"), style="TOC Heading")
            fields["lot"] = doc.add_paragraph()
            _field(fields["lot"], f'TOC \\h \\z \\c "{tab_label}"', "")
    return fields


def _body_section(doc: Any, report: Report) -> None:
    """The body in a new section, so that its header/footer carry the running title and page numbers."""
    body = doc.add_section(WD_SECTION.NEW_PAGE)
    body.different_first_page_header_footer = False
    body.header.is_linked_to_previous = False
    body.footer.is_linked_to_previous = False
    hp = body.header.paragraphs[0]
    hp.text = report.running_header or report.title
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    hp.style = doc.styles["Source"]
    fp = body.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(fp, "PAGE", "1")
    _restart_numbering(body)


def _source_label(lang: str) -> str:
    return "来源：" if lang == "zh" else "Source: "


def _sentences(p: Any, sentences: list[Any], lang: str, notes: Footnotes) -> Any:
    """Each sentence as a run, its footnotes called right after it."""
    for i, st in enumerate(sentences):
        p.add_run(("" if lang == "zh" or i == 0 else " ") + st.text)
        for n in st.notes:
            notes.add(p, n)
    return p


def _paragraph_block(doc: Any, report: Report, b: ParagraphBlock, images: Images, entries: list[tuple[str, int, str]],
                     notes: Footnotes) -> Any:
    lang = report.lang
    p = _sentences(doc.add_paragraph(style="Note" if b.style == "note" else None), b.sentences, lang, notes)
    if lang == "zh" and b.style in ("body", "lead"):
        p.paragraph_format.first_line_indent = Pt(21)
    return p


def _figure_block(doc: Any, report: Report, b: FigureBlock, images: Images, entries: list[tuple[str, int, str]],
                  notes: Footnotes) -> Any:
    pic = doc.add_paragraph()
    pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pic.add_run().add_picture(io.BytesIO(images.png(b)), width=Cm(15.5))
    text, caption = _caption(doc, report, "figure", b.number, b.caption)
    entries.append(("lof", 1, text))
    return caption  # the last paragraph written: a following note block anchors its footnotes there


def _repeat_header(row: Any) -> None:
    """The header row repeats at the top of every page the table runs onto (w:tblHeader), and no row splits."""
    trpr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), "true")
        trpr.append(el)


def _table_block(doc: Any, report: Report, b: TableBlock, images: Images, entries: list[tuple[str, int, str]],
                 notes: Footnotes) -> Any:
    entries.append(("lot", 1, _caption(doc, report, "table", b.number, b.caption)[0]))
    tbl = doc.add_table(rows=1, cols=len(b.columns))
    tbl.style = doc.styles["Table Grid"]
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_header(tbl.rows[0])
    for i, c in enumerate(b.columns):
        cell = tbl.rows[0].cells[i]
        cell.text = c
        for r in cell.paragraphs[0].runs:
            r.bold = True
    for row in b.rows:
        cells = tbl.add_row().cells
        for i, v in enumerate(row):
            cells[i].text = v
            if b.align and b.align[i] == "r":
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return doc.add_paragraph(_source_label(report.lang) + b.source, style="Source")


def _items_block(doc: Any, report: Report, b: ItemsBlock, images: Images, entries: list[tuple[str, int, str]],
                 notes: Footnotes) -> Any:
    lang = report.lang
    p = None
    for i, it in enumerate(b.items, 1):
        num = str(label(lang, "numbered", i=i)) if lang == "zh" else f"{i}. "
        p = doc.add_paragraph(num)
        if lang == "zh":
            p.paragraph_format.first_line_indent = Pt(21)
        _sentences(p, [it], lang, notes)
    return p


def _notes_block(doc: Any, b: NoteBlock, notes: Footnotes, last: Any) -> None:
    """Evidence notes as real footnotes, called at the end of the paragraph before them (a table's source
    line, a lead)."""
    anchor = last if last is not None else doc.add_paragraph(style="Source")
    for n in b.notes:
        notes.add(anchor, n)


_BLOCK_WRITERS: dict[str, Callable[..., Any]] = {"paragraph": _paragraph_block, "figure": _figure_block,
                                                 "table": _table_block, "items": _items_block}


def _section_sources(doc: Any, report: Report, s: Section) -> None:
    """A section's sources under it, unless its figures and tables already name theirs."""
    if s.sources and report.kind != "newsletter" and not any(b.kind in ("figure", "table") for b in s.blocks):
        sep = "；" if report.lang == "zh" else "; "
        doc.add_paragraph(_source_label(report.lang) + sep.join(dict.fromkeys(s.sources)), style="Source")


def _restart_numbering(section) -> None:
    """The body counts pages from 1, so the contents' numbers do not depend on the front matter's length."""
    sect = section._sectPr
    pg = sect.find(qn("w:pgNumType"))
    if pg is None:
        pg = OxmlElement("w:pgNumType")
        sect.insert_element_before(pg, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                                   "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings",
                                   "w:sectPrChange")
    pg.set(qn("w:start"), "1")


def _write_contents(doc, path: Path, fields: dict[str, object], entries: list[tuple[str, int, str]]) -> None:
    """Write each list's entries with a placeholder number, lay the file out once (LibreOffice) — its front
    matter already as long as it will be, so the body falls on the same pages (where LibreOffice puts a blank
    page before an odd page 1, and so the footnotes, depend on it) —, then put in the page numbers found."""
    runs: list[Any] = []
    for kind, paragraph in fields.items():
        rows: list[tuple[int, str, int | None]] = [(level, text, 0) for (k, level, text) in entries if k == kind]
        runs += _fill_field(doc, paragraph, rows, kind)
    doc.save(str(path))
    last = [text for k, _, text in entries if k == list(fields)[-1]] if fields else []
    pages = docx_pages.page_numbers(path, [text for _, _, text in entries], front_last=last[-1] if last else "")
    pages = pages or [None] * len(entries)
    by_kind = [p for k in fields for (kk, _, _), p in zip(entries, pages, strict=True) if kk == k]
    for run, page in zip(runs, by_kind, strict=True):  # runs are in list order, as by_kind
        run.text = "\t" + (str(page) if page is not None else "")
    doc.save(str(path))
