#!/usr/bin/env python3
"""Write the Word fixtures of tests/docx with a real writer: python-docx (pinned in
tests/docx/requirements.txt), run by tests/docx/check_fixtures.sh.

    make_fixtures.py OUT_DIR      -> OUT_DIR/bao-cao-hoa-phong.docx

The report is the one written by hand in tests/docx/bao-cao-hoa-phong.md, built the way Word
builds it: the administrative header in a borderless two-column table, heading styles whose
numbers (I., 1., 1.1.) come from a multilevel list linked to the styles, a lettered list (a), b),
c)) numbered on the paragraphs, an indicator table with cells merged across columns
(w:gridSpan) and down rows (w:vMerge), and footnotes. python-docx has no footnote API: the
footnotes part is added through its packaging layer (a Part related to the document part, with
its content type), the references are w:footnoteReference runs, and settings.xml gets the
w:footnotePr Word writes, so Word and LibreOffice open the file as one of theirs.

Planted errors (the same as in the .md): a % of plan in a paragraph, a % of plan in a table row,
a table total that is not the sum of its rows (and so differs from the paragraph's total), and
a ratio that does not match its numbers.
"""

import os
import sys

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

W = nsdecls("w")

# One multilevel list for the headings (I. / 1. / 1.1.), one for the lettered items (a) b) c)).
ABSTRACT_HEADINGS = f"""<w:abstractNum {W} w:abstractNumId="20">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:pStyle w:val="Heading1"/>
    <w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading2"/>
    <w:lvlText w:val="%2."/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading3"/>
    <w:lvlText w:val="%2.%3."/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>"""

ABSTRACT_LETTERS = f"""<w:abstractNum {W} w:abstractNumId="21">
  <w:multiLevelType w:val="hybridMultilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:suff w:val="space"/>
    <w:lvlText w:val="%1)"/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>"""

HEADINGS_NUM = 20
LETTERS_NUM = 21


def add_numbering(doc):
    numbering = doc.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    for xml in (ABSTRACT_HEADINGS, ABSTRACT_LETTERS):
        el = parse_xml(xml)
        if first_num is not None:
            first_num.addprevious(el)
        else:
            numbering.append(el)
    for num_id, abstract in ((HEADINGS_NUM, 20), (LETTERS_NUM, 21)):
        numbering.append(parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/></w:num>'))
    # The heading styles carry the list (Word's "multilevel list linked to headings").
    for level, name in enumerate(["Heading 1", "Heading 2", "Heading 3"]):
        num_pr = doc.styles[name].element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = HEADINGS_NUM


def lettered(doc, text):
    p = doc.add_paragraph(text)
    num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = LETTERS_NUM
    return p


class Footnotes:
    """The footnotes part, with Word's separator notes (ids -1 and 0)."""

    def __init__(self, doc):
        self.doc = doc
        self.xml = parse_xml(
            f"""<w:footnotes {W}>
  <w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
</w:footnotes>"""
        )
        self.next_id = 1

    def add(self, paragraph, text):
        """A footnote reference at the end of `paragraph`, and the footnote's text."""
        note_id = self.next_id
        self.next_id += 1
        run = paragraph.add_run()
        run.font.superscript = True
        run._r.append(parse_xml(f'<w:footnoteReference {W} w:id="{note_id}"/>'))
        self.xml.append(
            parse_xml(
                f"""<w:footnote {W} w:id="{note_id}"><w:p>
  <w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>
  <w:r><w:t xml:space="preserve"> {text}</w:t></w:r>
</w:p></w:footnote>"""
            )
        )

    def save_into_package(self):
        blob = self.xml.getroottree().getroot()
        from lxml import etree

        data = etree.tostring(blob, xml_declaration=True, encoding="UTF-8", standalone=True)
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, data, self.doc.part.package)
        self.doc.part.relate_to(part, RT.FOOTNOTES)
        settings = self.doc.settings.element
        foot_pr = parse_xml(f'<w:footnotePr {W}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
        compat = settings.find(qn("w:compat"))
        if compat is not None:
            compat.addprevious(foot_pr)
        else:
            settings.append(foot_pr)


def no_borders(table):
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(
        parse_xml(
            f"""<w:tblBorders {W}><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>
<w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>"""
        )
    )


def set_cell(cell, text):
    cell.text = text


def build(path):
    doc = Document()
    add_numbering(doc)
    notes = Footnotes(doc)

    # The header of an administrative document: a borderless two-column table.
    head = doc.add_table(rows=2, cols=2)
    no_borders(head)
    head.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nXÃ HÒA PHONG"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = "Số: 215/BC-UBND"
    head.cell(1, 1).text = "Hòa Phong, ngày 10 tháng 12 năm 2024"

    title = doc.add_paragraph("BÁO CÁO")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.runs[0].bold = True
    sub = doc.add_paragraph("Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2024")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_heading("KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2024", level=1)
    doc.add_heading("Lĩnh vực kinh tế", level=2)
    doc.add_heading("Sản xuất nông nghiệp", level=3)
    doc.add_paragraph(
        "Tổng diện tích gieo trồng cả năm đạt 1.236 ha, bằng 103,0% kế hoạch (1.200 ha); "
        "năng suất lúa bình quân ước đạt 61,5 tạ/ha."
    )
    # Planted: 7.385 / 7.400 = 99,8%, not 98,7%.
    doc.add_paragraph("Sản lượng lương thực ước đạt 7.385 tấn, đạt 98,7% kế hoạch (7.400 tấn).")
    doc.add_heading("Thu, chi ngân sách", level=3)
    p = doc.add_paragraph("Tổng thu ngân sách xã ước thực hiện 10.412 triệu đồng, đạt 105,7% dự toán huyện giao")
    notes.add(p, "Số liệu ước tính đến hết ngày 30/11/2024.")
    p.add_run(".")
    p = doc.add_paragraph("Tổng chi ngân sách xã ước thực hiện 9.986 triệu đồng")
    notes.add(p, "Không kể khoản chi chuyển nguồn sang năm 2025.")
    p.add_run(", bảo đảm chi lương và các hoạt động thường xuyên.")

    doc.add_paragraph("Bảng 1. Kết quả thu ngân sách xã năm 2024")
    rows = [
        # TT, Nội dung, ĐVT, Dự toán, Thực hiện, % so KH
        ("", "Tổng thu ngân sách xã", "triệu đồng", "9.850", "10.512", "106,7"),  # planted: the rows add up to 10.412
        ("1", "Thu thuế, phí, lệ phí", "", "2.150", "2.384", "110,9"),
        ("2", "Thu bổ sung từ ngân sách cấp trên", "", "7.200", "7.520", "104,4"),
        ("3", "Thu khác", "", "500", "508", "104,6"),  # planted: 508 / 500 = 101,6%
    ]
    table = doc.add_table(rows=2 + len(rows), cols=6)
    table.style = "Table Grid"
    # Two header rows: "Năm 2024" spans Dự toán and Thực hiện; the other headers span both rows.
    for col, text in ((0, "TT"), (1, "Nội dung"), (2, "ĐVT"), (5, "% so KH")):
        merged = table.cell(0, col).merge(table.cell(1, col))
        set_cell(merged, text)
    year = table.cell(0, 3).merge(table.cell(0, 4))
    set_cell(year, "Năm 2024")
    set_cell(table.cell(1, 3), "Dự toán")
    set_cell(table.cell(1, 4), "Thực hiện")
    for i, row in enumerate(rows):
        for col, text in enumerate(row):
            if col != 2:
                set_cell(table.cell(2 + i, col), text)
    # The unit written once, its cell merged down the four rows.
    unit = table.cell(2, 2).merge(table.cell(2 + len(rows) - 1, 2))
    set_cell(unit, "triệu đồng")

    doc.add_heading("Lĩnh vực văn hóa - xã hội", level=2)
    lettered(doc, "Giáo dục: tỷ lệ huy động trẻ 5 tuổi ra lớp đạt 100%; có 3/4 trường đạt chuẩn quốc gia.")
    # Planted: 41 / 1.850 = 2,2%, not 2,1%.
    lettered(doc, "Giảm nghèo: số hộ nghèo còn 41 hộ, tỷ lệ hộ nghèo 2,1% (41/1.850 hộ).")
    lettered(doc, "Lao động, việc làm: giải quyết việc làm cho 345 lao động, đạt 107,8% kế hoạch (320 lao động).")

    doc.add_heading("PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025", level=1)
    doc.add_paragraph(
        "Phấn đấu tổng thu ngân sách xã đạt 10.800 triệu đồng; giải quyết việc làm cho 350 lao động; "
        "giữ tỷ lệ hộ nghèo dưới 2%."
    )

    notes.save_into_package()
    doc.save(path)


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    build(os.path.join(out, "bao-cao-hoa-phong.docx"))


if __name__ == "__main__":
    main()
