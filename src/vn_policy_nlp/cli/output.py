"""What the command line prints around its data: messages, tables, and how a run ends.

Data (file names, ids, indicators, error messages quoting the input) is
printed as plain text: never read as rich markup (`[/]` would crash the
print, `[link=...]` would become a hyperlink) and with control characters
shown as escapes (`\\x1b`), so stored text cannot drive the user's terminal.

Exit codes: 0 everything processed; 1 some inputs became error records;
2 some files could not be read, or the command was misused; 3 the run
stopped (a crash: disk full, a worker killed, a bug); 130 interrupted.
"""

from __future__ import annotations

import contextlib
import os
import re
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE, EXIT_CRASH, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

err = Console(stderr=True)

#: C0 and C1 control characters but tab and newline, DEL, and the bidirectional overrides
#: that reorder what a terminal shows.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(value: object) -> str:
    """`value` as text a terminal shows as it is: control characters written as escapes."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(value))


def plain(value: object, style: str | None = None) -> Text:
    """A rich Text that is never parsed for markup or emoji codes."""
    return Text(clean(value), style=style or "")


def say(label: str, message: object, style: str) -> None:
    """`label: message` on stderr, the label styled, the message plain."""
    err.print(Text.assemble((f"{label}: ", style), plain(message)), soft_wrap=True)


def error(message: object) -> None:
    say("error", message, "red")


def table(title: str, headers: list[str], rows: list[list[tuple[str, str | None]]]) -> Table:
    """A rich Table whose cells are plain text; a cell is (text, style or None)."""
    out = Table(title=plain(title), show_lines=False)
    for header in headers:
        out.add_column(plain(header), overflow="fold")
    for row in rows:
        out.add_row(*(plain(text, style) for text, style in row))
    return out


def _control_flow() -> tuple[type[BaseException], ...]:
    """Exceptions that end a command as intended (its exit code, a usage error), whichever
    click the installed typer uses (its own copy since 0.25, the click package before)."""
    kinds: list[type[BaseException]] = [typer.Exit, typer.Abort, BrokenPipeError]
    if hasattr(typer, "TyperException"):
        kinds.append(typer.TyperException)
    with contextlib.suppress(ImportError):
        import click

        kinds += [click.exceptions.Exit, click.exceptions.Abort, click.ClickException]
    return tuple(kinds)


_CONTROL_FLOW = _control_flow()


@contextlib.contextmanager
def run_guard(hint: str = "", before_exit: Callable[[int], None] | None = None) -> Iterator[None]:
    """End a run that stops unexpectedly with one line and its own exit code.

    Ctrl-C exits 130 and anything unexpected (a full disk, a worker killed,
    a bug) exits 3, both with `hint` (how to finish the run) instead of a
    traceback; `VNP_DEBUG=1` prints the traceback too. `before_exit(code)`
    runs last (the batch command ends the process there when a dead worker
    left a thread that would keep it alive).
    """
    suffix = f"; {hint}" if hint else ""
    try:
        yield
    except _CONTROL_FLOW:
        raise
    except KeyboardInterrupt:
        say("interrupted", f"stopped by the user{suffix}", "yellow")
        code = EXIT_INTERRUPTED
    except Exception as exc:
        if os.environ.get("VNP_DEBUG"):
            err.print(plain(traceback.format_exc()))
        error(f"the run stopped: {describe(exc)}{suffix}")
        code = EXIT_CRASH
    else:
        return
    if before_exit is not None:
        before_exit(code)
    raise typer.Exit(code)


def describe(exc: BaseException) -> str:
    """`Type: message` on one line (a worker's death or a full disk, say what happened)."""
    text = " ".join(str(exc).split()) or repr(exc)
    name = type(exc).__name__
    if name == "BrokenProcessPool":
        text = f"a worker process died (killed, or out of memory): {text}"
    return f"{name}: {text}"


def print_table(tbl: Any) -> None:
    Console().print(tbl)
