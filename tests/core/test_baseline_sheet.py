"""The baseline sheet: the columns, what a function shows, and a grid of cells read back."""

from __future__ import annotations

import datetime

import pytest

from designer.core import baseline_sheet as sheet
from designer.core.baseline_sheet import Grid, Percentage, SheetError
from designer.core.schema import CostBasis, ForceFigures
from tests.build import blueprint, force, function


def sample():
    return blueprint(
        force("asp", name="Avon and Somerset", short_code="AS"),
        force("wilts", name="Wiltshire", short_code="WI"),
        force("glos", name="Gloucestershire", short_code="GL"),
        functions=[
            function("dogs", "operational-support/dogs", name="Dogs", delivery="joint",
                     lead_force="asp", savings_percent=12.5, go_live="2017/18",
                     baseline={"asp": ForceFigures(cost_pence=123_456_78, fte=10.5),
                               "wilts": ForceFigures(cost_pence=50_000_00, fte=4.0)}),
            function("firearms", "operational-support/firearms", name="Firearms",
                     delivery="shared", host_force="wilts", partners=("asp", "wilts"),
                     cost_basis=CostBasis(kind="population")),
            function("custody", "criminal-justice/custody", name="Custody"),
            function("custody-2", "criminal-justice/custody", name="Custody east"),
        ])


def grid_of(bp, edit=None, rows=None):
    """The grid the template would hold, as text cells a CSV gives, with ``edit`` applied:
    {(function id, column key): value}."""
    cols = sheet.columns(bp)
    body = []
    for n, fn in enumerate(bp.functions, start=2):
        values = sheet.row_of(bp, fn)
        cells = []
        for c in cols:
            v = values[c.key]
            if c.kind == "money" and v is not None:
                v = v / 100
            elif c.kind == "percent" and v is not None:
                v = Percentage(v / 100)
            elif c.kind == "basis" and v is not None:
                v = sheet.basis_label(v)
            cells.append(v)
        for (fid, key), value in (edit or {}).items():
            if fid == fn.id:
                cells[[c.key for c in cols].index(key)] = value
        body.append((n, tuple(cells)))
    return Grid("Functions", tuple(c.heading for c in cols), rows if rows is not None else body)


def problems(bp, grid):
    with pytest.raises(SheetError) as caught:
        sheet.apply(bp, grid)
    return [str(p) for p in caught.value.problems]


def test_columns_name_every_force_and_figure():
    headings = [c.heading.replace("\n", " ") for c in sheet.columns(sample())]
    assert headings[:3] == ["Function id", "Function", "Catalogue function"]
    assert headings[3:6] == ["Avon and Somerset baseline cost (£)", "Avon and Somerset FTE",
                             "Avon and Somerset delivery"]
    assert headings[-3:] == ["Savings %", "Go-live year", "Cost-sharing basis"]
    assert len(headings) == 3 + 3 * 3 + 3


def test_what_a_function_shows():
    bp = sample()
    dogs = sheet.row_of(bp, bp.functions[0])
    assert dogs["cost:asp"] == 123_456_78 and dogs["fte:asp"] == 10.5
    assert dogs["cost:glos"] is None and dogs["fte:glos"] is None
    assert [dogs[f"delivery:{f}"] for f in ("asp", "wilts", "glos")] == \
        ["Joint · lead", "Joint", "Joint"]
    firearms = sheet.row_of(bp, bp.functions[1])
    assert [firearms[f"delivery:{f}"] for f in ("asp", "wilts", "glos")] == \
        ["Shared", "Shared · host", "Local"]
    assert firearms["basis"] == "population" and dogs["basis"] is None
    assert dogs["savings"] == 12.5 and dogs["go_live"] == "2017/18"
    assert sheet.delivery_choices() == ["Local", "Shared", "Shared · host", "Joint",
                                        "Joint · lead"]


def test_an_unedited_sheet_changes_nothing():
    bp = sample()
    assert sheet.apply(bp, grid_of(bp)) is bp


def test_each_edited_cell_changes_its_field_only():
    bp = sample()
    new = sheet.apply(bp, grid_of(bp, {
        ("dogs", "cost:asp"): "£1,234.50",
        ("dogs", "fte:glos"): "3",
        ("custody", "savings"): "7.5%",
        ("custody", "go_live"): "2019-20",
        ("firearms", "basis"): "Equal shares",
        ("custody-2", "name"): "Custody (east)",
    }))
    dogs, firearms, custody, east = new.functions
    assert dogs.baseline["asp"] == ForceFigures(cost_pence=1_234_50, fte=10.5)
    assert dogs.baseline["glos"] == ForceFigures(cost_pence=0, fte=3.0)
    assert dogs.baseline["wilts"] == bp.functions[0].baseline["wilts"]
    assert custody.savings_percent == 7.5 and custody.go_live == "2019/20"
    assert firearms.cost_basis == CostBasis(kind="equal")
    assert east.name == "Custody (east)"
    for old, now, fields in zip(bp.functions, new.functions,
                                ({"baseline"}, {"cost_basis"}, {"savings_percent", "go_live"},
                                 {"name"}), strict=True):
        changed = {k for k in type(old).model_fields if getattr(old, k) != getattr(now, k)}
        assert changed == fields


def test_emptying_a_force_figure_removes_it():
    bp = sample()
    new = sheet.apply(bp, grid_of(bp, {("dogs", "cost:wilts"): None,
                                       ("dogs", "fte:wilts"): ""}))
    assert set(new.functions[0].baseline) == {"asp"}


def test_delivery_cells_describe_the_arrangement():
    bp = sample()
    new = sheet.apply(bp, grid_of(bp, {("custody", "delivery:asp"): "shared",
                                       ("custody", "delivery:glos"): "Shared (host)",
                                       ("dogs", "delivery:asp"): "Joint",
                                       ("firearms", "delivery:asp"): "Local",
                                       ("firearms", "delivery:glos"): "Shared"}))
    dogs, firearms, custody, _ = new.functions
    assert (custody.delivery, custody.host_force, custody.partners) == \
        ("shared", "glos", ("asp", "glos"))
    assert (dogs.delivery, dogs.lead_force, dogs.partners) == ("joint", None, ())
    assert (firearms.host_force, firearms.partners) == ("wilts", ("wilts", "glos"))
    back = sheet.apply(new, grid_of(new, {("custody", "delivery:asp"): "Local",
                                          ("custody", "delivery:glos"): "Local"}))
    assert back.functions[2] == bp.functions[2]


@pytest.mark.parametrize(("edit", "expected"), [
    ({("custody", "delivery:asp"): "Shared"}, "needs at least two partner forces"),
    ({("custody", "delivery:asp"): "Shared", ("custody", "delivery:wilts"): "Shared"},
     "needs a host: mark one force 'Shared · host'"),
    ({("dogs", "delivery:wilts"): "Shared"}, "one delivery model for every partner, but this "
                                             "row has Shared and Joint"),
    ({("dogs", "delivery:wilts"): "Joint · lead"}, "only one force can be 'Joint · lead'"),
])
def test_impossible_arrangements_name_the_row_s_delivery_cells(edit, expected):
    bp = sample()
    found = problems(bp, grid_of(bp, edit))
    assert len(found) == 1 and expected in found[0]
    row = 2 + [f.id for f in bp.functions].index(next(iter(edit))[0])
    assert found[0].startswith(f"Functions!F{row}, I{row}, L{row}: ")


@pytest.mark.parametrize(("key", "value", "message"), [
    ("cost:asp", "twelve", "Functions!D2: 'twelve' is not an amount of money"),
    ("cost:asp", -5, "Functions!D2: -5 is negative"),
    ("cost:asp", 1.234, "Functions!D2: 1.234 has fractions of a penny"),
    ("cost:asp", True, "Functions!D2: TRUE is not an amount of money"),
    ("cost:asp", Percentage(0.5), "Functions!D2: 50.0% is a percentage, not an amount"),
    ("fte:asp", "lots", "Functions!E2: 'lots' is not a number of FTE"),
    ("delivery:asp", "hosted", "Functions!F2: 'hosted' is not a delivery; choose one of Local"),
    ("delivery:asp", None, "Functions!F2: is empty; choose one of Local"),
    ("savings", "150%", "Functions!M2: '150%' is not between 0% and 100%"),
    ("go_live", datetime.datetime(2018, 4, 1), "Functions!N2: holds the date "
                                                "2018-04-01T00:00:00, not a financial year"),
    ("go_live", "2018/20", "Functions!N2: '2018/20' is not a financial year"),
    ("basis", "by size", "Functions!O2: 'by size' is not a cost-sharing basis"),
    ("basis", "Fixed percentages", "Functions!O2: fixed percentages need each force's share"),
    ("catalogue", "Unicorns", "Functions!C2: 'Unicorns' is not a function of the CIPFA"),
    ("name", "", "Functions!B2: the function's name is empty"),
])
def test_a_cell_that_cannot_be_read_is_named(key, value, message):
    bp = sample()
    found = problems(bp, grid_of(bp, {("dogs", key): value}))
    assert len(found) == 1
    assert found[0].startswith(message)


def test_every_bad_cell_is_listed_and_nothing_changes():
    bp = sample()
    found = problems(bp, grid_of(bp, {("dogs", "cost:asp"): "x", ("custody", "fte:glos"): "y",
                                      ("custody-2", "savings"): "z"}))
    assert [p.split(":")[0] for p in found] == ["Functions!D2", "Functions!K4",
                                                "Functions!M5"]


def test_rows_are_matched_by_id_name_or_catalogue_function_in_any_case():
    bp = sample()
    cols = sheet.columns(bp)
    base = {c.key: v for c, v in zip(cols, grid_of(bp).rows[0][1], strict=True)}

    def row(n, **cells):
        values = {**base, **cells}
        return (n, tuple(values[c.key] for c in cols))

    new = sheet.apply(bp, grid_of(bp, rows=[
        row(2, **{"id": "DOGS", "cost:glos": 1}),
        row(3, **{"id": None, "name": "firearms", "catalogue": None, "fte:glos": 2,
                  "delivery:asp": "Shared", "delivery:wilts": "Shared · host",
                  "delivery:glos": "Local", "basis": "Share of population"}),
    ]))
    assert new.functions[0].baseline["glos"].cost_pence == 100
    assert new.functions[1].baseline["glos"].fte == 2
    assert new.functions[0].name == "Dogs"  # matched by id: its name cell is a rename


def test_ambiguous_unknown_and_duplicate_rows_are_refused():
    bp = sample()
    cols = sheet.columns(bp)
    first = grid_of(bp).rows[2][1]  # custody

    def row(n, **cells):
        values = dict(zip([c.key for c in cols], first, strict=True)) | cells
        return (n, tuple(values[c.key] for c in cols))

    found = problems(bp, grid_of(bp, rows=[
        row(2, id=None, name=None, catalogue="Custody"),
        row(3, id="nothing"),
        row(4, id=None, name="Nobody", catalogue=None),
        row(5),
        row(6, id="CUSTODY"),
    ]))
    assert found[0].startswith("Functions!A2: 2 functions are filed as 'Custody' "
                               "(custody, custody-2); give the function id")
    assert found[1].startswith("Functions!A3: no function has the id 'nothing'")
    assert found[2].startswith("Functions!A4: no function is called 'Nobody'")
    assert found[3] == ("Functions!A6: this row is for Custody (custody), as is row 5; keep "
                        "one row per function")


def test_empty_rows_are_skipped_and_stray_cells_refused():
    bp = sample()
    grid = grid_of(bp)
    width = len(grid.header)
    rows = [*grid.rows, (9, (None,) * width), (10, (" ",) * width)]
    assert sheet.apply(bp, Grid("Functions", grid.header, rows)) is bp
    stray = [(2, (*grid.rows[0][1], "note"))]
    found = problems(bp, Grid("Functions", grid.header, stray))
    assert found == ["Functions!P2: 'note' is in a column with no heading; remove it or move "
                     "it into a column of the template"]


def test_columns_extra_missing_or_twice_are_refused():
    bp = sample()
    grid = grid_of(bp)
    extra = Grid("Functions", (*grid.header, "Notes"), grid.rows)
    assert problems(bp, extra)[0].startswith("Functions!P1: 'Notes' is not a column of the "
                                             "baseline sheet")
    missing = Grid("Functions", grid.header[:-1], [(n, r[:-1]) for n, r in grid.rows])
    assert problems(bp, missing) == [
        "Functions!1:1: the heading row has no column 'Cost-sharing basis'; the sheet needs "
        "every column of the template"]
    twice = Grid("Functions", (*grid.header, "savings %"), grid.rows)
    assert problems(bp, twice)[0].startswith("Functions!P1: the column 'savings %' is also "
                                             "column M")


def test_headings_are_read_loosely_and_by_short_code():
    bp = sample()
    grid = grid_of(bp, {("dogs", "fte:asp"): 11})
    header = list(grid.header)
    header[3] = "AS BASELINE COST"
    header[4] = "avon and somerset  fte"
    new = sheet.apply(bp, Grid("Functions", tuple(header), grid.rows))
    assert new.functions[0].baseline["asp"].fte == 11


def test_formula_neutralised_text_reads_back_as_typed():
    bp = sample().model_copy()
    from designer.core import edits

    bp = edits.update_element(bp, "dogs", name="=Dogs")
    assert sheet.apply(bp, grid_of(bp, {("dogs", "name"): "'=Dogs"})) is bp  # as CSV has it
    assert sheet.apply(bp, grid_of(bp, {("dogs", "name"): "=Dogs"})) is bp  # as xlsx has it
    spaced = edits.update_element(bp, "dogs", name="\u200b+Dogs")
    assert sheet.apply(spaced, grid_of(spaced, {("dogs", "name"): "'\u200b+Dogs"})) is spaced
