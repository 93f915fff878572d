"""The PDF board report: rendered to PNG pages (pdfium), its text and pages checked."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
from PySide6.QtGui import QColor, QImage

from designer.core import io
from designer.core.finance import project
from designer.ui.report_pdf import export_pdf
from tests.core.exports.test_cell_safety import unwritable_blueprint
from tests.core.test_finance import worked_example
from tests.core.test_samples import MODELS
from tests.ui.test_savings_chart import ten_year_blueprint


def page_images(path, out_dir, scale=1.0) -> list[QImage]:
    """Every page of a PDF as an image, also saved as PNG under ``out_dir``."""
    doc = pdfium.PdfDocument(str(path))
    images = []
    for i in range(len(doc)):
        bitmap = doc[i].render(scale=scale)
        raw = bytes(bitmap.buffer)
        fmt = QImage.Format.Format_BGR888 if bitmap.n_channels == 3 else \
            QImage.Format.Format_ARGB32
        image = QImage(raw, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
        assert image.save(str(out_dir / f"page-{i + 1:02d}.png"))
        images.append(image)
    return images


def page_texts(path) -> list[str]:
    doc = pdfium.PdfDocument(str(path))
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


@pytest.fixture(scope="module")
def asw_report(qapp, tmp_path_factory):
    bp = io.load(MODELS / "avon-somerset-wiltshire.json")
    out = tmp_path_factory.mktemp("pdf")
    path = export_pdf(bp, out / "report.pdf")
    return bp, path, out


def test_report_pages_render_with_numbers_and_sections(asw_report):
    bp, path, out = asw_report
    images = page_images(path, out)
    texts = page_texts(path)
    n = len(texts)
    assert n == len(images) >= 8
    assert bp.alliance.name.split()[0] in texts[0]
    for i, text in enumerate(texts[1:], start=2):
        assert f"Page {i} of {n}" in text
    joined = "\n".join(texts)
    for heading in ("Financial case: summary", "Savings profile by financial year",
                    "Sensitivity: headline figures",
                    "Apportionment between partners", "Operating model",
                    "Delivery matrix", "Problems and waivers", "Assumptions and sources"):
        assert heading in joined, heading
    # Landscape A4 pages with ink on them (not blank).
    for image in images:
        assert image.width() > image.height()
        sample = {image.pixelColor(x, y).name() for x in range(0, image.width(), 23)
                  for y in range(0, image.height(), 23)}
        assert len(sample) > 2 and QColor("white").name() in sample


def test_summary_states_target_and_projection_to_the_penny(asw_report):
    bp, path, _ = asw_report
    p = project(bp)
    summary = next(t for t in page_texts(path) if "Financial case: summary" in t)
    projected = p.alliance["2018/19"].savings
    assert "£30,000,000.00 a year by 2018/19" in summary
    pounds, pence = divmod(projected, 100)
    assert f"£{pounds:,}.{pence:02d}" in summary
    assert "Projected savings against target" in summary  # the chart's title


def test_the_economic_case_appraises_the_options_and_names_the_preferred_one(asw_report):
    """After the title page: the preferred option and why, cumulative savings by option,
    the comparison (business as usual, the base, each option), each option's differences
    and the discounting behind each net present value, to the penny."""
    from designer.core.appraisal import compare
    from designer.core.tables import options_comparison
    from designer.core.tables import texts as words

    bp, path, _ = asw_report
    texts = page_texts(path)
    first = texts[1]
    assert "Economic case: options appraised" in first
    assert "Preferred option: Custody made joint." in first
    assert "Cumulative savings by option" in first  # the chart's title
    economic = "\n".join(t for t in texts if "Economic case" in t.splitlines()[0])
    cmp = compare(bp)
    for case in cmp.cases:
        assert case.name in economic
    for heading in ("Options appraised", "Each option's differences from the base",
                    "Net present value: discounting by year"):
        assert heading in economic, heading
    npv = next(w for w in words(options_comparison(cmp), "pdf")
               if w[0].startswith("Net present value"))
    for figure in npv[1:]:
        assert figure in economic
    assert texts.index(first) < next(i for i, t in enumerate(texts)
                                     if "Financial case: summary" in t)


def test_worked_example_apportionment_is_in_the_report(tmp_path, qapp):
    path = export_pdf(worked_example("equal"), tmp_path / "we.pdf")
    text = "\n".join(page_texts(path))
    # Dogs at full rate: A pays £425,000.09, B £425,000.08 (see tests/core/test_finance.py),
    # printed as a board paper does (the workbook keeps the pence).
    assert "£425.0k" in text
    assert "50.00%" in text


def test_progress_is_reported_per_page(tmp_path, qapp):
    steps = []
    export_pdf(worked_example("equal"), tmp_path / "we.pdf",
               progress=lambda i, n, what: steps.append((i, n)))
    assert steps[-1][0] == steps[-1][1] and len(steps) == steps[-1][1] + 1


def test_text_no_format_can_hold_never_breaks_the_report(tmp_path, qapp):
    """Issue 13 item 14: control characters, non-characters and lone surrogates in names
    and sources (past the schema) still give a report pdfium reads, words intact."""
    bp = unwritable_blueprint()
    path = export_pdf(bp, tmp_path / "hostile.pdf")
    text = "\n".join(page_texts(path))
    assert "Bell" in text and "Esc" in text
    assert "\u0007" not in text and "\u001b" not in text  # (pdfium reads a hyphen
    # broken across lines as U+FFFE, so that one cannot be looked for here)
    title = pdfium.PdfDocument(str(path)).get_metadata_dict()["Title"]
    assert title.startswith("Lone\ufffdsurrogate")


def test_assumptions_name_forces_and_cite_each_models_source(asw_report):
    """Issue 13 item 21: 'Baseline cost: avon-somerset' named a force by its id."""
    bp, path, _ = asw_report
    text = " ".join(" ".join(page_texts(path)).split())  # words wrap in the cells
    assert "Baseline cost: Avon and Somerset Constabulary" in text
    assert not any(f"Baseline cost: {f.id}" in text for f in bp.forces)


def test_the_decision_log_is_an_appendix_with_every_challenge(asw_report):
    bp, path, out = asw_report
    texts = page_texts(path)
    appendix = [i for i, text in enumerate(texts) if "Appendix: decision log" in text]
    assert appendix and appendix[-1] == len(texts) - 1  # the last pages
    text = " ".join(" ".join(texts[i].split()) for i in appendix)
    assert "Decision log: challenges and decisions" in text
    assert len(bp.challenges) >= 2
    for ch in bp.challenges:
        assert " ".join(ch.text.split()) in text, ch.id
        assert ch.author in text
        if ch.decision is not None:
            assert " ".join(ch.decision.text.split()) in text
            assert ch.decision.decided_by in text
        for reply in ch.replies:
            assert " ".join(reply.text.split()) in text
    images = page_images(path, out)
    assert images[appendix[0]].width() > images[appendix[0]].height()


def test_an_empty_log_says_so(tmp_path, qapp):
    text = " ".join(page_texts(export_pdf(worked_example("equal"), tmp_path / "we.pdf")))
    assert "No challenges or decisions recorded." in " ".join(text.split())


FIGURE_CUT = re.compile(r"[£\d][\d,.]*…|…[£\d]")
"""An ellipsis touching a figure: "£2,042,66…"."""
BOARD_MONEY = re.compile(r"^−?£(\d{1,3}(,\d{3})*\.\dm|\d{1,3}\.\dk|\d{1,3})$")


def report_text(bp, path) -> list[str]:
    return page_texts(export_pdf(bp, path))


@pytest.mark.parametrize("model", ["ten years", *(p.name for p in sorted(MODELS.glob("*.json")))])
def test_no_table_cuts_a_figure_and_money_reads_as_in_a_board_paper(qapp, tmp_path, model):
    """Issue 13 item 15: with a ten-year projection every figure on the savings and
    net-cost pages was cut (`£2,042,66…`)."""
    bp = ten_year_blueprint() if model == "ten years" else io.load(MODELS / model)
    texts = report_text(bp, tmp_path / "r.pdf")
    joined = "\n".join(texts)
    assert not FIGURE_CUT.findall(joined)
    for heading in ("Savings by force and financial year",
                    "Change in net cost by force and financial year",
                    "Savings profile by financial year"):
        page = next(t for t in texts if heading in t)
        table = page[page.index(heading):]
        money = [w for w in table.split() if "£" in w]
        assert money and all(BOARD_MONEY.match(w) for w in money), \
            [w for w in money if not BOARD_MONEY.match(w)]
        for y in project(bp).years:
            assert y in table


def test_a_projection_too_wide_for_a_page_splits_its_year_tables(qapp, tmp_path):
    """Forty financial years: the by-force tables go in blocks of columns, each with the
    forces' names, and still no figure is cut."""
    bp = ten_year_blueprint()
    target = bp.alliance.savings_target.model_copy(update={"year": "2051/52"})
    bp = bp.model_copy(update={"alliance": bp.alliance.model_copy(
        update={"savings_target": target})})
    years = project(bp).years
    assert len(years) == 39
    texts = report_text(bp, tmp_path / "wide.pdf")
    joined = "\n".join(texts)
    assert not FIGURE_CUT.findall(joined)
    parts = [t for t in texts if "Savings by force and financial year (part" in t]
    assert len(parts) >= 2
    assert all("Avon and Somerset Constabulary" in " ".join(t.split()) for t in parts)
    assert all(y in " ".join(parts) for y in years)


def letter_heights(page, start: int = 0, end: int | None = None) -> list[float]:
    """Heights (PDF points, font ascent to descent) of the letters and digits of a page."""
    tp = page.get_textpage()
    text = tp.get_text_range()
    out = []
    for j in range(start, tp.count_chars() if end is None else end):
        if text[j].isalnum():
            _left, bottom, _right, top = tp.get_charbox(j, loose=True)
            out.append(top - bottom)
    return out


def test_the_diagram_is_split_into_legible_titled_pages(qapp, tmp_path):
    """Issue 13 item 16: the band, then each force's lane, every word at least 7 pt
    (measured against the 7.5 pt page footer), the full names of shortened nodes given."""
    bp = ten_year_blueprint()
    path = export_pdf(bp, tmp_path / "r.pdf")
    doc = pdfium.PdfDocument(str(path))
    texts = page_texts(path)
    diagram = [i for i, t in enumerate(texts)
               if re.search(r"^Operating model: (?!names)", t, re.M)]
    titles = " ".join(texts[i] for i in diagram)
    assert "Operating model: governance and joint units" in titles
    for force in bp.forces:
        assert f"Operating model: {force.name}" in titles
    for i in diagram:
        text = texts[i]
        k = text.index("Business case report")
        footer = letter_heights(doc[i], k, k + len("Business case report"))
        smallest = min(letter_heights(doc[i]))
        assert smallest >= min(footer) * 7 / 7.5 - 0.05, (i + 1, smallest, min(footer))
    names = " ".join(" ".join(t.split()) for t in texts
                     if "names shortened in the diagram" in t)
    assert "Bath and North East Somerset neighbourhood policing" in names
