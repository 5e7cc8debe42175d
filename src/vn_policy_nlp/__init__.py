"""vn_policy_nlp: Vietnamese news and policy text in, structured records out.

    >>> import vn_policy_nlp
    >>> nlp = vn_policy_nlp.load()                      # a spaCy Language
    >>> recs = vn_policy_nlp.extract(Document(text=..., date="2023-01"))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from .documents import MAX_TEXT_CHARS, Document
from .records import DocumentRecords, ErrorRecord

__version__ = "0.1.0"
__all__ = ["Document", "DocumentRecords", "ErrorRecord", "__version__", "default_pipeline", "extract", "extract_batch", "load",
           "make_doc", "register_stages"]


def load(*, segment: bool = False, exclude: Iterable[str] = ()) -> Any:
    """Build the pipeline: a spaCy `Language` whose components are the stages.

    `segment=True` makes tokens underthesea words instead of syllables (slower).
    `exclude` drops stages by factory name, e.g. `exclude=["vnp_targets"]`.
    """
    import spacy

    from . import extensions  # noqa: F401 - registers the Doc attributes
    from .pipeline import STAGES

    register_stages()
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vnp.tokenizer.v1", "segment": segment}}})
    # spaCy refuses texts over 1,000,000 characters (a guard for its parser); documents are
    # accepted up to MAX_TEXT_CHARS and every stage here is linear in the length.
    nlp.max_length = max(nlp.max_length, MAX_TEXT_CHARS + 1)
    skip = set(exclude)
    for factory in STAGES:
        if factory not in skip:
            nlp.add_pipe(factory)
    return nlp


def register_stages() -> None:
    """Register the tokenizer and every stage's factory with spaCy (`load` does it)."""
    from .pipeline import register_stages as register

    register()


@cache
def default_pipeline() -> Any:
    """The default pipeline, loaded once per process (what `extract` uses without `nlp`)."""
    return load()


def make_doc(nlp: Any, document: Document, min_confidence: float | None = None) -> Any:
    """A tokenised Doc carrying the document's id and date, ready for the stages.

    `min_confidence`: keep targets and results at least this confident (None: the trained threshold).
    """
    doc = nlp.make_doc(document.text)
    doc._.doc_id = document.id
    doc._.published = document.date
    doc._.warnings = list(doc._.warnings or [])
    doc._.min_confidence = min_confidence
    return doc


def extract(document: Document | str, *, date: str | None = None, nlp: Any = None,
            min_confidence: float | None = None) -> DocumentRecords:
    """The one-call API: a document (or a plain text) in, its records out.

    `min_confidence` (0-1) keeps the targets and results at least that confident; the default is the
    threshold chosen by cross-validation when the models were trained.
    """
    if isinstance(document, str):
        document = Document(text=document, date=date)
    nlp = nlp or default_pipeline()
    doc = nlp(make_doc(nlp, document, min_confidence))
    records: DocumentRecords = doc._.records
    return records


def extract_batch(documents: Iterable[Document], *, nlp: Any = None, batch_size: int = 32,
                  min_confidence: float | None = None) -> Iterator[DocumentRecords]:
    """Records for many documents, in order; the pipeline is loaded once per process."""
    nlp = nlp or default_pipeline()
    docs = (make_doc(nlp, d, min_confidence) for d in documents)
    for doc in nlp.pipe(docs, batch_size=batch_size):
        yield doc._.records
