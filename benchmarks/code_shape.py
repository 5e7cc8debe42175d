"""The shape of the code: the largest modules and the longest functions of the package.

    python3 benchmarks/code_shape.py [--top 15] [--package src/vn_policy_nlp]

Prints two tables: modules by lines, and functions (and methods) by lines,
each with the bars the project keeps (a module under 500 lines, a function
under 80). `tests/test_code_shape.py` holds the packages that meet the bars
to them; this script shows the whole package, those that do not included.
"""

from __future__ import annotations

import argparse
import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "vn_policy_nlp"
MODULE_BAR = 500  # lines
FUNCTION_BAR = 80  # lines


@dataclass(frozen=True)
class Function:
    module: str  # path relative to the package
    name: str  # Class.method or function
    line: int
    lines: int


def modules(package: Path = PACKAGE) -> dict[str, int]:
    """Lines of every module, by its path relative to `package`."""
    return {str(p.relative_to(package)): len(p.read_text(encoding="utf-8").splitlines())
            for p in sorted(package.rglob("*.py"))}


def functions(package: Path = PACKAGE) -> list[Function]:
    """Every function and method (nested ones too) with its length in lines, decorators included."""
    out: list[Function] = []
    for p in sorted(package.rglob("*.py")):
        tree = ast.parse(p.read_text(encoding="utf-8"), filename=str(p))
        _walk(tree, str(p.relative_to(package)), "", out)
    return out


def _walk(node: ast.AST, module: str, prefix: str, out: list[Function]) -> None:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
            end = child.end_lineno or child.lineno
            out.append(Function(module, prefix + child.name, child.lineno, end - first + 1))
            _walk(child, module, f"{prefix}{child.name}.", out)
        elif isinstance(child, ast.ClassDef):
            _walk(child, module, f"{prefix}{child.name}.", out)
        else:
            _walk(child, module, prefix, out)


def table(package: Path = PACKAGE, top: int = 15) -> str:
    mods = sorted(modules(package).items(), key=lambda kv: -kv[1])
    funcs = sorted(functions(package), key=lambda f: -f.lines)
    lines = [f"largest modules (bar: < {MODULE_BAR} lines)", f"  {'lines':>6}  module"]
    lines += [f"  {n:6d}  {m}{'  OVER' if n >= MODULE_BAR else ''}" for m, n in mods[:top]]
    over_m = sum(1 for _, n in mods if n >= MODULE_BAR)
    lines += [f"  ({len(mods)} modules, {over_m} over the bar)", "",
              f"longest functions (bar: < {FUNCTION_BAR} lines)", f"  {'lines':>6}  function"]
    lines += [f"  {f.lines:6d}  {f.module}:{f.line} {f.name}{'  OVER' if f.lines >= FUNCTION_BAR else ''}" for f in funcs[:top]]
    over_f = sum(1 for f in funcs if f.lines >= FUNCTION_BAR)
    lines.append(f"  ({len(funcs)} functions, {over_f} over the bar)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--package", type=Path, default=PACKAGE)
    args = parser.parse_args()
    print(table(args.package, args.top))


if __name__ == "__main__":
    main()
