"""Real Word footnotes (python-docx has no API for them): a footnotes part with Word's two separator notes,
the "footnote text" / "footnote reference" styles, and per note a ``w:footnoteReference`` run in the body
whose ``w:footnote`` holds the text. Word numbers footnotes in reading order, continuously through the
document — the same numbers the other formats print (Report.number)."""

from __future__ import annotations

from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

_EMPTY = (f'<w:footnotes {nsdecls("w")}>'
          '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
          '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
          '</w:footnote></w:footnotes>')


class Footnotes:
    """The document's footnotes part, created on first use."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self._part: XmlPart | None = None
        self.next_id = 1

    def _root(self) -> Any:
        if self._part is None:
            self._styles()
            self._part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_EMPTY),
                                 self.doc.part.package)
            self.doc.part.relate_to(self._part, RT.FOOTNOTES)
        return self._part.element

    def _styles(self) -> None:
        st = self.doc.styles
        names = [s.name for s in st]
        if "footnote text" not in names:
            s = st.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
            s.base_style = st["Normal"]
            s.font.size = Pt(8.5)
            s.paragraph_format.space_after = Pt(0)
            s.paragraph_format.line_spacing = 1.1
        if "footnote reference" not in names:
            s = st.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
            s.font.superscript = True

    def add(self, paragraph: Any, text: str) -> int:
        """Call a new footnote at the end of ``paragraph``; returns its id."""
        root = self._root()
        fid = self.next_id
        self.next_id += 1
        ref_style = self.doc.styles["footnote reference"].style_id
        note = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{fid}"><w:p><w:pPr><w:pStyle '
            f'w:val="{self.doc.styles["footnote text"].style_id}"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="{ref_style}"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>')
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        run = OxmlElement("w:r")
        run.append(t)
        note.find(qn("w:p")).append(run)
        root.append(note)
        call = parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="{ref_style}"/></w:rPr>'
                         f'<w:footnoteReference w:id="{fid}"/></w:r>')
        paragraph._p.append(call)
        return fid
