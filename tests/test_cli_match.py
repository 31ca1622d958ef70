"""`achiev match`: bullets scored against job descriptions from JSONL files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from achiev_cli import main

ROOT = Path(__file__).resolve().parents[1]
JOBS = [
    {"id": "data", "text": "Data Engineer\nWe build pipelines in Python and SQL on Kubernetes."},
    {"id": "people", "text": "Office Manager\nYou will organise events and run the office."},
]
BULLETS = [
    {"id": "b1", "text": "Built Python data pipelines loading 2 TB a day into a SQL warehouse"},
    {"id": "b2", "text": "Organised the office summer party for 120 people"},
    {"id": "b3", "text": "Moved 40 services onto Kubernetes"},
]


def write_jsonl(path: Path, rows: list[dict], extra: str = "") -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n" + extra, encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    return (
        str(write_jsonl(tmp_path / "jobs.jsonl", JOBS, "\n")),
        str(write_jsonl(tmp_path / "bullets.jsonl", BULLETS)),
    )


def test_json_output_ranks_every_bullet_for_every_job(files, capsys) -> None:
    jobs, bullets = files
    assert main(["match", "--jobs", jobs, "--bullets", bullets, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    data, people = result["jobs"]
    assert data["id"] == "data" and people["id"] == "people"
    assert {"Python", "SQL", "Kubernetes"} <= set(data["key_skills"])
    assert [b["id"] for b in data["bullets"]][:2] in (["b1", "b3"], ["b3", "b1"])
    assert people["bullets"][0]["id"] == "b2"
    assert all(0 <= b["score"] <= 100 for j in result["jobs"] for b in j["bullets"])


def test_table_output_is_readable(files, capsys) -> None:
    jobs, bullets = files
    assert main(["match", "--jobs", jobs, "--bullets", bullets, "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Job data\n  Key skills: ")
    assert "Rank  Score  Band" in out and "... and 1 more" in out and "Job people" in out


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        ('{"id": "1", "text": "ok"}\nnot json\n', "line 2 of"),
        ('{"id": "1"}\n', "line 1 of"),
        ("[1, 2]\n", "line 1 of"),
        (b"\xff\xfe", "not UTF-8 text"),
    ],
)
def test_a_bad_file_is_a_sentence_and_exit_code_2(
    tmp_path: Path, files, capsys, content: str | bytes, sentence: str
) -> None:
    jobs, _ = files
    bad = tmp_path / "bad.jsonl"
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content, encoding="utf-8")
    assert main(["match", "--jobs", jobs, "--bullets", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("achiev: ") and sentence in err and "Traceback" not in err


def test_a_missing_file(tmp_path: Path, files, capsys) -> None:
    _, bullets = files
    assert main(["match", "--jobs", str(tmp_path / "none.jsonl"), "--bullets", bullets]) == 2
    assert "there is no jobs file at" in capsys.readouterr().err


def test_the_installed_command(files) -> None:
    jobs, bullets = files
    done = subprocess.run(
        [sys.executable, "-m", "achiev_cli", "match", "--jobs", jobs, "--bullets", bullets,
         "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [j["id"] for j in json.loads(done.stdout)["jobs"]] == ["data", "people"]
    bad = subprocess.run(
        [sys.executable, "-m", "achiev_cli", "match", "--jobs", bullets + ".x", "--bullets",
         bullets],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert bad.returncode == 2 and bad.stderr.startswith("achiev: there is no jobs file")
