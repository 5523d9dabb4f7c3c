"""The committee papers: the HMICS Improvement Update and the plan progress paper.

``spec`` holds what a paper is (kind, meeting, period, inspections, the secretary's
text); ``as_at`` reads the plans as they stood on the paper's date; ``update_paper`` and
``progress_paper`` assemble the content; ``files`` builds a paper and writes it to Word;
``store`` keeps papers in the database; ``cli_paper`` reads a paper off the command line.
"""
