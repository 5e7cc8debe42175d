"""Numbered errors, spaCy style, so a user can search for the code."""

from __future__ import annotations


class VNPError(Exception):
    """Base class: every error the package raises on purpose carries a code."""

    code = "VNP000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class InputError(VNPError, ValueError):
    """The input cannot be read as a document (empty, binary, undecodable, malformed)."""

    code = "VNP101"


class EncodingError(InputError):
    """Bytes that are neither UTF-8 nor a legacy Vietnamese encoding we can convert."""

    code = "VNP102"


class RulesError(VNPError):
    """A language-data file failed validation."""

    code = "VNP201"


class ModelError(VNPError):
    """A model artifact is missing or unreadable."""

    code = "VNP301"
