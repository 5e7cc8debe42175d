"""The bars on the code's shape (benchmarks/code_shape.py prints the whole table): no module of
500 lines or more, no function of 80 lines or more, anywhere in the package. Never raise a bar
to let a module in."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Paths relative to src/vn_policy_nlp: a folder covers every module under it.
HELD = [p.name for p in (ROOT / "src" / "vn_policy_nlp").iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()]


def _shape() -> ModuleType:
    spec = importlib.util.spec_from_file_location("code_shape", ROOT / "benchmarks" / "code_shape.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


SHAPE = _shape()


def _held(module: str) -> bool:
    return any(module == h or module.startswith(h.rstrip("/") + "/") for h in HELD)


def test_every_held_path_exists() -> None:
    for h in HELD:
        assert (SHAPE.PACKAGE / h).exists(), h


@pytest.mark.parametrize(("module", "lines"), [(m, n) for m, n in SHAPE.modules().items() if _held(m)])
def test_module_is_under_the_bar(module: str, lines: int) -> None:
    assert lines < SHAPE.MODULE_BAR, f"{module}: {lines} lines"


def test_functions_are_under_the_bar() -> None:
    long = [f"{f.module}:{f.line} {f.name} ({f.lines} lines)" for f in SHAPE.functions()
            if _held(f.module) and f.lines >= SHAPE.FUNCTION_BAR]
    assert not long, long
