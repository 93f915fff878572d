"""The PDF board report: rendered to PNG pages (pdfium), its text and pages checked."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from PySide6.QtGui import QColor, QImage

from designer.core import io
from designer.core.finance import project
from designer.ui.report_pdf import export_pdf
from tests.core.exports.test_cell_safety import unwritable_blueprint
from tests.core.test_finance import worked_example
from tests.core.test_samples import MODELS


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
    # Dogs at full rate: A pays £425,000.09, B £425,000.08 (see tests/core/test_finance.py).
    assert "£425,000.09" in text and "£425,000.08" in text
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
