"""Build a paper from the database, and write it to Word beside its target, moved into place when complete."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hmics_desktop.documents.docx_writer import write_docx
from hmics_desktop.documents.model import Document
from hmics_desktop.domain.words import counted, listed
from hmics_desktop.excel.atomic_save import CannotWriteExport, write_atomically
from hmics_desktop.services.papers.as_at import plans_as_at
from hmics_desktop.services.papers.dashboard_page import dashboard_section, trend_picture
from hmics_desktop.services.papers.progress_paper import build_progress
from hmics_desktop.services.papers.spec import PaperKind, PaperSpec, long_date
from hmics_desktop.services.papers.update_paper import build_update

__all__ = ["CannotWriteExport", "PaperError", "build_paper", "write_word"]


class PaperError(Exception):
    """The paper cannot be made; ``str()`` says why in one sentence."""


def build_paper(spec: PaperSpec, known_on: date | None = None) -> Document:
    """The paper's content as at its date, from the plans in the database (as known on ``known_on``, if given)."""
    if not spec.inspection_ids:
        raise PaperError("Choose at least one inspection for the paper.")
    if spec.kind is PaperKind.UPDATE and spec.since is not None and spec.since >= spec.as_at:
        raise PaperError("The reporting period must start before the paper's “as at” date.")
    plans = plans_as_at(spec.inspection_ids, spec.as_at, known_on, with_actions=spec.kind is PaperKind.PROGRESS)
    inspections = plans.inspections
    if not inspections:
        raise PaperError("None of the chosen inspections is in the database any more.")
    if spec.kind is PaperKind.UPDATE:
        document = build_update(spec, inspections)
        if spec.dashboard:
            document.sections.append(dashboard_section(spec, known_on))
    elif len(inspections) != 1:
        raise PaperError("A progress paper covers one inspection: choose only one.")
    else:
        trend = trend_picture(spec, inspections[0].id, known_on) if spec.dashboard else None
        document = build_progress(spec, inspections[0], plans.plan(inspections[0].id), trend)
    if plans.recorded_later:
        document.sections[0].paragraphs(recorded_later_note(spec.as_at, plans.recorded_later))
    return document


def recorded_later_note(as_at: date, said: list[str]) -> str:
    """The paper's note of what it shows that was recorded after its date."""
    shown = listed(said[:12]) + (f" and {counted(len(said) - 12, 'other change')}" if len(said) > 12 else "")
    return (
        f"This paper was made after {long_date(as_at)}: it includes what was recorded later that took effect by then "
        f"({shown})."
    )


def write_word(document: Document, target: Path) -> None:
    """Write the Word file; raises :class:`CannotWriteExport` with the reason when it cannot."""
    write_atomically(lambda path: write_docx(document, path), target)
