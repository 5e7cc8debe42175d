"""How the package's parts may import each other, read from the source (imports inside
functions included): no cycle between parts, training code never imported by running code,
and no private name imported from another part."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "vn_policy_nlp"
NAME = "vn_policy_nlp"

# Modules whose edges are left out of the cycle check, listed so that an exception stays visible
# (none: the targets and entities stages split training from running).
NOT_YET: set[str] = set()
# Parts allowed to import training code: training itself and the command line's `train` commands.
TRAINING_USERS = {"training", "cli"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part(module: str) -> str:
    """The part a module belongs to: a top-level module or subpackage; pipeline by stage module."""
    bits = module.split(".")[1:]
    if not bits:
        return "(package)"
    return ".".join(bits[:2]) if bits[0] == "pipeline" and len(bits) > 1 else bits[0]


def _is_module(dotted: str) -> bool:
    rel = Path(*dotted.split(".")[1:]) if "." in dotted else Path()
    return (PACKAGE / rel).with_suffix(".py").exists() or (PACKAGE / rel / "__init__.py").exists()


def imports() -> list[tuple[str, str, str]]:
    """(importing module, imported module, imported name or "") for every import of the package."""
    out: list[tuple[str, str, str]] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        here = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                out += [(module, a.name, "") for a in node.names if a.name.startswith(NAME)]
            elif isinstance(node, ast.ImportFrom):
                base = here.split(".")[: len(here.split(".")) - node.level + 1] if node.level else []
                target = ".".join([*base, *([node.module] if node.module else [])])
                if target.split(".")[0] != NAME:
                    continue
                for a in node.names:
                    sub = f"{target}.{a.name}"
                    out.append((module, sub, "") if _is_module(sub) else (module, target, a.name))
    return out


def _graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for src, dst, _ in imports():
        a, b = part(src), part(dst)
        if a != b and a not in NOT_YET and not src.startswith(tuple(f"{NAME}.{n}" for n in NOT_YET)):
            edges[a].add(b)
    return edges


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(edges.get(n, ())):
            if state.get(m) == 1:
                return [*stack[stack.index(m):], m]
            if m not in state and (found := visit(m)):
                return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(edges):
        if n not in state and (found := visit(n)):
            return found
    return None


def test_the_graph_is_read() -> None:
    edges = _graph()
    assert "text" in edges["time"] and "lang" in edges["numbers"]  # the reader sees real imports


def test_no_import_cycle_between_parts() -> None:
    assert _cycle(_graph()) is None


def test_the_cycle_check_can_fail() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_running_code_never_imports_training_code() -> None:
    bad = [(s, d) for s, d, _ in imports() if part(d) == "training" and part(s) not in TRAINING_USERS]
    assert not bad, bad


def test_no_private_name_crosses_parts() -> None:
    bad = [f"{s} imports {d}.{n}" for s, d, n in imports() if n.startswith("_") and n != "__version__" and part(s) != part(d)]
    assert not bad, bad


def test_private_imports_are_seen() -> None:
    # the reader resolves `from .. import x` to a module or to a name of the package
    names = {(part(s), part(d), n) for s, d, n in imports()}
    assert ("pipeline.tokenize", "extensions", "") in names
    assert any(n == "make_doc" for _, _, n in names)
