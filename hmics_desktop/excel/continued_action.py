"""An action's text carried on in a row of its own, as text pasted from Word often is.

A cell broken over rows leaves its last words in a row with no number and nothing else. It
carries on the action above when it starts with a small letter, or when the text above stops on
a comma, a dash or a word no sentence ends with ("and", "the"…). An action without a full stop
is common, so a row starting with a capital after one stays an action of its own.
"""

from __future__ import annotations

_WORDS_BEFORE_MORE = frozenset({
    "and", "or", "but", "to", "the", "a", "an", "of", "for", "with", "by", "in", "on", "at", "from", "into", "that",
    "which", "including", "as",
})  # fmt: skip


def carries_on(above: str, text: str) -> bool:
    """Whether ``text``, a row's action text with no number, carries on the action text ``above``."""
    above = above.rstrip()
    words = above.rsplit(None, 1)
    stops_mid_sentence = above.endswith((",", "-", "–")) or (bool(words) and words[-1].lower() in _WORDS_BEFORE_MORE)
    return text.lstrip()[:1].islower() or stops_mid_sentence
