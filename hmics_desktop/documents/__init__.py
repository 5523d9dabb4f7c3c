"""Documents: the content of a committee paper as plain data, written to Word or to HTML.

Imports only ``domain``. ``services.papers`` assembles a :class:`~.model.Document`; the Word
writer and the HTML writer (which the application prints to PDF with Qt) render the same one.
"""
