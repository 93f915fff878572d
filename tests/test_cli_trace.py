"""`designer trace`: who serves an area (text and JSON), on duty at a time, unknown names."""

from __future__ import annotations

import json

import pytest

from designer.cli import main
from designer.core import io
from tests.core.test_samples import MODELS
from tests.core.test_trace import workshop

SAMPLE = str(MODELS / "avon-somerset-wiltshire.json")


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "workshop.json"
    io.save(workshop(), p)
    return str(p)


def test_who_answers_a_firearms_call_in_swindon_at_3am(capsys):
    assert main(["trace", SAMPLE, "--area", "swindon", "--function", "firearms",
                 "--at", "Sat 03:00"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Who serves Swindon (Wiltshire Police) on Sat 03:00"
    assert "  Armed policing (Tri-Force) (the alliance) — on duty" in out
    assert "Joint · led by A&S: Wiltshire Police takes part in Armed policing" in out
    assert ("answers to Strategic Alliance Board → PCC for Avon and Somerset Constabulary "
            "(Sue Mountstevens) → PCC for Wiltshire Police (Angus Macpherson)") in out
    assert out.rstrip().endswith("1 function, 0 gaps")


def test_every_function_with_gaps_in_plain_words(path, capsys):
    assert main(["trace", path, "--area", "EAST"]) == 0
    out = capsys.readouterr().out
    assert "Dogs: No team serves East for Dogs" in out
    assert "Front desk: No team serves East for Front desk" in out
    assert "    hours: Mon-Fri 08:00–18:00" in out  # only hours that are not 24/7 are shown
    assert out.count("hours:") == 1
    assert out.rstrip().endswith("4 functions, 2 gaps")


def test_off_duty_at_a_time(path, capsys):
    assert main(["trace", path, "--area", "b-east", "--function", "custody",
                 "--at", "saturday 3:00"]) == 0
    out = capsys.readouterr().out
    assert "  Custody B (B) — OFF DUTY" in out
    assert "  ! No team serving East for Custody is on duty on Sat 03:00" in out


def test_json_gives_ids_and_words(path, capsys):
    assert main(["trace", path, "--area", "b-east", "--at", "Sat 03:00", "--format",
                 "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["area"] == {"id": "b-east", "name": "East"} and data["at"] == "Sat 03:00"
    firearms, custody, dogs, _desk = data["functions"]
    arv = firearms["providers"][0]
    assert arv["team"] == {"id": "arv", "name": "Armed response"}
    assert arv["host_or_lead"] == {"id": "a", "name": "A"} and arv["delivery"] == "joint"
    assert [g["id"] for g in arv["governance"]] == ["firearms", "board", "a.pcc", "b.pcc"]
    assert arv["on_duty"] is True and arv["path"][:3] == ["b-east", "arv", "firearms"]
    assert custody["providers"][0]["on_duty"] is False and custody["gap"]
    assert dogs == {"id": "dogs", "name": "Dogs", "category": "operational-support/dogs",
                    "gap": "No team serves East for Dogs", "providers": []}


@pytest.mark.parametrize(("args", "words"), [
    (["--area", "Eastt"], "no area called 'Eastt'; did you mean 'East' or 'West'?"),
    (["--area", "east", "--function", "dgos"], "no function called 'dgos'; did you mean "
                                               "'Dogs'?"),
    (["--area", "east", "--at", "3am"], "'3am' is not a time of the week"),
])
def test_unknown_names_exit_2_with_close_matches(path, capsys, args, words):
    assert main(["trace", path, *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and words in captured.err


def test_an_unusable_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["trace", str(bad), "--area", "x"]) == 2
    assert "not a valid blueprint" in capsys.readouterr().err
