"""The entities package stays small pieces: files under 400 lines, functions under 60,
and nothing in it imports the training code or the pipeline's stage modules."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "vn_policy_nlp" / "entities"
FILES = sorted(PACKAGE.rglob("*.py"))
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def test_files_are_short() -> None:
    long = {p.name: n for p in FILES if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES}
    assert not long, f"files over {MAX_FILE_LINES} lines: {long}"


def test_functions_are_short() -> None:
    long = {f"{p.name}:{n.name}": n.end_lineno - n.lineno + 1  # type: ignore[operator]
            for p in FILES for n in ast.walk(_tree(p))
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.end_lineno - n.lineno + 1 > MAX_FUNCTION_LINES}  # type: ignore[operator]
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines: {long}"


def test_run_time_code_imports_no_training_code() -> None:
    bad = []
    for p in FILES:
        for n in ast.walk(_tree(p)):
            if isinstance(n, ast.ImportFrom) and n.module and (
                    (n.module.split(".")[0] in ("training", "pipeline") and n.level >= 2)
                    or n.module.startswith(("vn_policy_nlp.training", "vn_policy_nlp.pipeline"))):
                bad.append(f"{p.name}: {n.module}")
    assert not bad, f"run-time entity code imports training or stage modules: {bad}"
