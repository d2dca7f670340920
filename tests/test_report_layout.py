"""The PDF report's layout for A4 printing: wide tables on landscape pages, no table row split
between pages, words never broken (Qt lays the HTML out; these tests read its layout back)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from ecgreader.analysis.report import paged_document, pdf_sections, write_pdf
from tests.helpers.pdf_layout import rows_split_between_pages

pytestmark = pytest.mark.qt


def long_report_html() -> str:
    """A report-shaped page: a portrait part, a long wide table marked landscape, and prose."""
    rng = np.random.default_rng(0)
    rows = "".join(
        f"<tr><td class='l'>reader {i}</td>" + "".join(f"<td>{v:.3f} ({v - 0.1:.3f}–{v + 0.05:.3f})</td>" for v in
                                                      rng.random(8)) + "</tr>"
        for i in range(400)
    )  # fmt: skip
    head = "<html><head><style>td{white-space:nowrap}</style></head><body>"
    prose = "<p>" + "pneumonoultramicroscopic " * 200 + "</p>"
    table = "<table><thead><tr><th>rater</th>" + "<th>metric</th>" * 8 + f"</tr></thead>{rows}</table>"
    return f"{head}<h1>Study</h1>{prose}<!--landscape-->{table}<!--/landscape--><p>end</p></body></html>"


def test_wide_tables_go_on_landscape_pages_and_the_rest_on_portrait():
    sections = pdf_sections(long_report_html())
    assert [landscape for landscape, _ in sections] == [False, True, False]
    assert all(part.startswith("<html><head>") and part.endswith("</body></html>") for _, part in sections)
    portrait, landscape = paged_document(sections[0][1], False), paged_document(sections[1][1], True)
    assert landscape.pageSize().width() > landscape.pageSize().height()
    assert portrait.pageSize().width() < portrait.pageSize().height()


def test_no_table_row_is_split_between_pages_and_no_word_is_broken():
    from PySide6.QtGui import QTextOption

    document = paged_document(pdf_sections(long_report_html())[1][1], True)
    assert document.pageCount() > 3
    assert rows_split_between_pages(document) == []
    assert document.defaultTextOption().wrapMode() == QTextOption.WordWrap  # wrap between words only


def test_pdf_has_portrait_and_landscape_a4_pages(tmp_path):
    pdf = tmp_path / "layout.pdf"
    pages = write_pdf(long_report_html(), pdf)
    content = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", content)
    assert len(boxes) == pages > 3
    sizes = {(round(float(w)), round(float(h))) for w, h in boxes}
    assert sizes == {(595, 842), (842, 595)}  # A4 portrait and landscape, in points
