"""Every command's --help ends with examples of its own use."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from vn_policy_nlp.cli import app


def command_paths(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, sub in getattr(group, "commands", {}).items():
        paths += command_paths(sub, (*prefix, name))
    return paths


PATHS = command_paths(typer.main.get_command(app))


def test_every_command_is_covered() -> None:
    assert {"extract", "batch", "ingest", "targets", "links", "relink", "serve", "schema", "train"} <= {p[0] for p in PATHS if p}


@pytest.mark.parametrize("path", PATHS, ids=[" ".join(p) or "vn-policy-nlp" for p in PATHS])
def test_help_has_examples(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Examples:" in text
    examples = [line.strip() for line in text.split("Examples:", 1)[1].splitlines() if "vn-policy-nlp" in line]
    assert examples, "at least one example command"
    own = " ".join(("vn-policy-nlp", *path))
    assert any(own in e for e in examples), f"an example of {own!r} itself"
