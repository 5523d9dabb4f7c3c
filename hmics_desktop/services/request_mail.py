"""Email drafts beside the requests: ``.eml`` files (RFC 5322) Outlook opens as a draft, the workbook attached.

``X-Unsent: 1`` tells Outlook (and Thunderbird) to open the message as a draft to send, not
as one received. To is the owner's address when the directory knows it; From only when the
secretary gave theirs (Outlook puts the account's own when it is sent). The words are the
secretary's, signed with the name History shows for them. Without the owner's address the
draft has no To: Outlook asks for it when it is sent.
"""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path

from hmics_desktop.domain import clock
from hmics_desktop.domain.words import listed
from hmics_desktop.excel.atomic_save import write_atomically
from hmics_desktop.storage.user_name import current_user

XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _message(to_name: str, to_address: str | None, sender: str | None, subject: str, body: str) -> EmailMessage:
    message = EmailMessage(policy=SMTP)
    if sender:
        message["From"] = sender
    if to_address:  # without one, To is left for the secretary to fill (a name alone is no address)
        message["To"] = formataddr((to_name, to_address))
    message["Subject"] = subject
    message["Date"] = format_datetime(clock.now().astimezone())
    message["Message-ID"] = make_msgid(domain="hmics-desktop.invalid")
    message["X-Unsent"] = "1"
    message.set_content(body)
    return message


def _attach(message: EmailMessage, workbook: Path, data: bytes | None = None) -> None:
    """Attach the workbook (``data``: its bytes, when they are at hand, so that it is not read again)."""
    data = workbook.read_bytes() if data is None else data
    message.add_attachment(data, maintype=XLSX[0], subtype=XLSX[1], filename=workbook.name)


def request_draft(
    owner: str, address: str | None, sender: str | None, due_on: date, inspections: list[str], workbook: Path,
    data: bytes | None = None,
) -> EmailMessage:  # fmt: skip
    """The draft that sends an owner their request (``data``: the workbook's bytes, when at hand)."""
    plans = listed(inspections, 3)
    body = (
        f"Dear {owner},\n\n"
        f"Please find attached your open actions in the improvement plan for {plans}, with the latest update "
        "recorded for each.\n\n"
        "Could you fill in the yellow columns: a new progress update for each action, your next steps if they "
        "have changed, and, where it applies, the status you propose or a revised target you ask for, with its "
        "reason. Then save the workbook and send it back to me, attached as it is (please do not copy the rows "
        f"into another file), by {_day(due_on)}.\n\n"
        f"Thank you,\n{current_user()}\n"
    )
    message = _message(owner, address, sender, f"Update request: your actions, due back by {_day(due_on)}", body)
    _attach(message, workbook, data)
    return message


def reminder_draft(
    owner: str, address: str | None, sender: str | None, sent_on: date, due_on: date, missing: list[str],
    workbook: Path | None,
) -> EmailMessage:  # fmt: skip
    """The draft that reminds an owner of what their request still lacks."""
    lines = "\n".join(f"  • {item}" for item in missing)
    late = "was due" if due_on < clock.today() else "is due"
    again = "I attach the workbook again. " if workbook is not None else ""
    body = (
        f"Dear {owner},\n\n"
        f"I have not yet had your update for these actions, from the request I sent on {_day(sent_on)} "
        f"(it {late} by {_day(due_on)}):\n\n{lines}\n\n"
        f"{again}Could you fill in the yellow columns for them and send the workbook back to me?\n\n"
        f"Thank you,\n{current_user()}\n"
    )
    message = _message(owner, address, sender, f"Reminder: update request due by {_day(due_on)}", body)
    if workbook is not None:
        _attach(message, workbook)
    return message


def save_draft(message: EmailMessage, target: Path) -> None:
    """Write the draft as an ``.eml`` file (atomically)."""
    data = message.as_bytes()

    def write(path: Path) -> None:
        path.write_bytes(data)

    write_atomically(write, target)
