"""Byte streams of inputs, read a bounded piece at a time.

Files are streamed (a gzipped file is decompressed as it is read), stdin too,
so memory does not grow with the input. A compressed file may expand to at
most `MAX_EXPANSION` times its size (and never less than
`MIN_DECOMPRESSED_BYTES`): past that it is taken for a decompression bomb and
refused. Every failure of the stream itself (a corrupt or truncated gzip
member, an I/O error, the bound) becomes an `InputError` naming the file, so
a caller can keep what it read before and go on with the next file.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..documents import MAX_TEXT_CHARS
from ..errors import InputError

#: A JSON line or a one-document file longer than this many bytes is refused
#: without being read into memory (a text over MAX_TEXT_CHARS would be refused anyway).
MAX_INPUT_BYTES = 4 * MAX_TEXT_CHARS + 65536
#: A compressed file may expand to this many times its size ...
MAX_EXPANSION = 100
#: ... or to this many bytes, whichever is more.
MIN_DECOMPRESSED_BYTES = 1 << 30
#: Bytes read ahead to recognise a format.
HEAD_BYTES = 4096


@dataclass(frozen=True, slots=True)
class OverlongLine:
    """Stands in for a JSON line that was skipped because it was over MAX_INPUT_BYTES."""

    size: int


class _Counted(io.RawIOBase):
    """A raw stream over `inner` that refuses to give more than `limit` bytes in total."""

    def __init__(self, inner: BinaryIO, limit: int, name: str) -> None:
        self.inner, self.limit, self.name, self.total = inner, limit, name, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        # read1: one decompression step at a time, so the data before a corrupt part is handed
        # on before the error, not lost with it
        data = self.inner.read1(len(buffer)) if hasattr(self.inner, "read1") else self.inner.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.total += n
        if self.total > self.limit:
            raise InputError(f"{self.name}: decompresses to over {self.limit} bytes: refused as a decompression bomb")
        return n

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.inner.close()
        super().close()


class _Prefixed(io.RawIOBase):
    """`head` (already read) followed by the rest of `inner`: stdin after sniffing."""

    def __init__(self, head: bytes, inner: BinaryIO) -> None:
        self.head, self.inner = head, inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
            return n
        read = getattr(self.inner, "read1", self.inner.read)  # what a pipe has now, not a full buffer
        data = read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def decompressed_limit(compressed_size: int) -> int:
    return max(MIN_DECOMPRESSED_BYTES, MAX_EXPANSION * compressed_size)


def open_file(path: Path) -> io.BufferedReader:
    """A buffered binary stream of the file's content, decompressed when its name ends in .gz."""
    try:
        if not path.name.lower().endswith(".gz"):
            return path.open("rb")
        limit = decompressed_limit(path.stat().st_size)
        return io.BufferedReader(_Counted(gzip.open(path, "rb"), limit, str(path)), buffer_size=1 << 16)  # type: ignore[arg-type]
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def read_head(stream: BinaryIO, size: int = HEAD_BYTES) -> bytes:
    """The start of a stream, enough to recognise its format: its first line (or `size` bytes),
    without waiting for more than a pipe has delivered."""
    read = getattr(stream, "read1", stream.read)
    head = b""
    while len(head) < size and b"\n" not in head:
        data = read(size - len(head))
        if not data:
            break
        head += data
    return head


def prefixed(head: bytes, stream: BinaryIO) -> io.BufferedReader:
    """The stream again, from its start, after `read_head` took `head` from it."""
    return io.BufferedReader(_Prefixed(head, stream), buffer_size=1 << 16)


def lines(fh: BinaryIO, limit: int = MAX_INPUT_BYTES) -> Iterator[bytes | OverlongLine]:
    """Lines of a stream, each read with a size limit, so one huge line cannot exhaust memory."""
    while True:
        line = fh.readline(limit)
        if not line:
            return
        if len(line) == limit and not line.endswith(b"\n"):
            size = len(line)
            while True:
                rest = fh.readline(limit)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield OverlongLine(size)
            continue
        yield line


@contextlib.contextmanager
def stream_errors(name: str) -> Iterator[None]:
    """Turn a failing stream (I/O error, corrupt or truncated compression) into an InputError."""
    try:
        yield
    except InputError:
        raise
    except EOFError as exc:
        raise InputError(f"{name}: truncated compressed file: {exc}") from None
    except zlib.error as exc:
        raise InputError(f"{name}: corrupt compressed data: {exc}") from None
    except OSError as exc:  # also gzip.BadGzipFile
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeError, ValueError) as exc:
        raise InputError(f"{name}: cannot read: {exc}") from None
