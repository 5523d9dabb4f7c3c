"""Build a paper from the database, and write it to Word beside its target, moved into place when complete."""

from __future__ import annotations

from pathlib import Path

from hmics_desktop.documents.docx_writer import write_docx
from hmics_desktop.documents.model import Document
from hmics_desktop.excel.atomic_save import CannotWriteExport, write_atomically
from hmics_desktop.services.papers.as_at import inspections_as_at
from hmics_desktop.services.papers.progress_paper import build_progress
from hmics_desktop.services.papers.spec import PaperKind, PaperSpec
from hmics_desktop.services.papers.update_paper import build_update
from hmics_desktop.storage.models import Inspection
from hmics_desktop.storage.plan_reader import read_plan

__all__ = ["CannotWriteExport", "PaperError", "build_paper", "write_word"]


class PaperError(Exception):
    """The paper cannot be made; ``str()`` says why in one sentence."""


def build_paper(spec: PaperSpec) -> Document:
    """The paper's content as at its date, from the plans in the database."""
    if not spec.inspection_ids:
        raise PaperError("Choose at least one inspection for the paper.")
    if spec.kind is PaperKind.UPDATE and spec.since is not None and spec.since >= spec.as_at:
        raise PaperError("The reporting period must start before the paper's “as at” date.")
    inspections = inspections_as_at(spec.inspection_ids, spec.as_at)
    if not inspections:
        raise PaperError("None of the chosen inspections is in the database any more.")
    if spec.kind is PaperKind.UPDATE:
        return build_update(spec, inspections)
    if len(inspections) != 1:
        raise PaperError("A progress paper covers one inspection: choose only one.")
    plan = read_plan(Inspection.get_by_id(inspections[0].id), spec.as_at)
    return build_progress(spec, inspections[0], plan)


def write_word(document: Document, target: Path) -> None:
    """Write the Word file; raises :class:`CannotWriteExport` with the reason when it cannot."""
    write_atomically(lambda path: write_docx(document, path), target)
