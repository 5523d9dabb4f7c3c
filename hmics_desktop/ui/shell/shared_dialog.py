"""File ▸ Open shared database…: a plan database on the force's PostgreSQL server.

The secretary types what the IT team gave them (server, database, login) and the password;
the location is built from those (``postgresql://login@server:5432/plans``), never holding
the password. The password is kept in the operating system's keyring when they tick the box
and the machine has one, and nowhere otherwise. A failure is shown in the dialog, in one
sentence, and the dialog stays open to correct it.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote, unquote, urlsplit

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hmics_desktop.services.credentials import (
    forget_password,
    keyring_available,
    keyring_name,
    save_password,
    saved_password,
)
from hmics_desktop.storage.locations import bracketed
from hmics_desktop.ui.accessible import announce
from hmics_desktop.ui.contrast import tone

DEFAULT_PORT = 5432
# Tries to open a location with a password; returns None when it opened, or why not in one sentence.
Opener = Callable[[str, str | None], str | None]


def shared_location(server: str, port: int, database: str, login: str) -> str:
    """The location of a server database, without a password."""
    return f"postgresql://{quote(login, safe='')}@{bracketed(server)}:{port}/{quote(database, safe='')}"


def server_and_port(typed: str) -> tuple[str, int | None]:
    """The Server box as IT writes it: "server", "server:5432", "::1", "[::1]" or "[::1]:5432"."""
    if typed.startswith("[") and "]" in typed:  # an IPv6 address in brackets, perhaps with a port
        host, _, rest = typed[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") and rest[1:].isdigit() else None
    if typed.count(":") == 1 and typed.rsplit(":", 1)[1].isdigit():
        host, port = typed.rsplit(":", 1)
        return host, int(port)
    return typed, None


class SharedDatabaseDialog(QDialog):
    def __init__(self, opener: Opener, location: str | None = None, problem: str = "",
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle("Open a shared plan database")
        self.opener = opener
        self.location: str | None = None
        intro = QLabel(
            "A shared plan database is kept on your force's database server, so that several people "
            "can keep the same plans. Your IT team gives you the server's name, the database's name "
            "and your login."
        )
        intro.setWordWrap(True)
        self.server = QLineEdit()
        self.server.setPlaceholderText("e.g. plans.police.example")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database_name = QLineEdit()
        self.database_name.setPlaceholderText("e.g. improvement_plans")
        self.login = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("&Remember the password")
        if keyring_available():
            self.remember.setText(f"&Remember the password in {keyring_name().replace('&', '&&')}")
            self.remember.setChecked(location is not None and saved_password(location) is not None)
        else:
            self.remember.setEnabled(False)
            self.remember.setToolTip("This computer has no keyring: the password is asked for each time.")
        self.port.setMaximumWidth(self.port.fontMetrics().horizontalAdvance("655350") + 40)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        if problem:
            self._show_problem(problem)
        form = QFormLayout()
        form.addRow("&Server:", self.server)
        form.addRow("P&ort:", self.port)
        form.addRow("&Database:", self.database_name)
        form.addRow("&Login:", self.login)
        form.addRow("&Password:", self.password)
        form.addRow("", self.remember)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton("Op&en", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch()
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        if location:
            self._fill(location)
        (self.password if location else self.server).setFocus()

    def _fill(self, location: str) -> None:
        parts = urlsplit(location)
        self.server.setText(parts.hostname or "")
        self.port.setValue(parts.port or DEFAULT_PORT)
        self.database_name.setText(unquote(parts.path.lstrip("/")))
        self.login.setText(unquote(parts.username or ""))

    def _missing(self) -> str | None:
        for label, field in (("server", self.server), ("database", self.database_name), ("login", self.login)):
            if not field.text().strip():
                return f"Type the {label}'s name: your IT team gives it to you."
        return None

    def _show_problem(self, words: str) -> None:
        self.problem.setStyleSheet(f"color: {tone('problem').name()};")  # readable on the colours in use now
        self.problem.setText(words)
        self.problem.setVisible(True)
        announce(self.problem, words, urgent=True)

    def accept(self) -> None:
        missing = self._missing()
        if missing:
            self._show_problem(missing)
            return
        server, port = server_and_port(self.server.text().strip())
        self.server.setText(server)
        if port is not None:
            self.port.setValue(min(port, 65535))
        location = shared_location(server, self.port.value(), self.database_name.text().strip(),
                                   self.login.text().strip())  # fmt: skip
        password = self.password.text() or None
        if password is None and self.remember.isChecked():  # the kept one, when the box is left empty
            password = saved_password(location)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            problem = self.opener(location, password)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if problem is not None:
            self._show_problem(problem)
            return
        if self.remember.isChecked() and password:
            save_password(location, password)
        elif self.remember.isEnabled():
            forget_password(location)
        self.location = location
        super().accept()
