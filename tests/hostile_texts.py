"""Texts a secretary's plan may hold that are hard on a workbook: markup, quotes, escapes, formulas, scripts, emoji.

Each is kept as the import keeps it (no spaces at either end, no carriage returns, no control
characters: those the import takes out or trims), so that a round trip can compare them whole.
"""

from __future__ import annotations

from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation

HOSTILE_TEXTS = {
    "markup": "O'Brien's \"quoted\" & <tagged> ]]> <![CDATA[ x ]]> &amp; &#13; &lt;",
    "tabs": "col1\tcol2\t\tafter two tabs",
    "lines": "line one\nline two\n\nafter a blank line",
    "emoji": "Emoji 😀👮‍♀️🏴󠁧󠁢󠁳󠁣󠁴󠁿 astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠀀",
    "combining": "e\u0301 a\u0308 n\u0303\u0303 ẹ́ Dùn Èideann",
    "right to left": "العربية עברית mixed \u202eoverride\u202c end",
    "escapes": "_x0041_ and _x000D_ and _x005f_ and _x005F_x0041_ stay as typed",
    "formula": "=SUM(A1:A3)",
    "plus": "+44 123",
    "minus": "-10% backlog",
    "at": "@Comms to draft",
    "spaces": "no\u00a0break\u00a0spaces, zero\u200bwidth, line\u2028and paragraph\u2029separators",
    "paths": "C:\\path\\to\\file [1] *?/ 50% #REF! ''",
}


# pdftotext gives the glyphs of emoji sequences and right-to-left text in another order than typed
READ_BACK_FROM_PAPER_IN_ORDER = {
    kind: text for kind, text in HOSTILE_TEXTS.items() if kind not in ("emoji", "right to left")
}


def hostile_plan(name: str = "Hostile Texts 2025", texts: dict[str, str] = HOSTILE_TEXTS) -> Plan:
    """A recommendation per hostile text, the text in every field; an empty recommendation; one of 200 actions."""
    recommendations = [
        PlanRecommendation(
            number=number,
            text=f"{kind}: {text}",
            actions=[
                PlanAction(number=f"{number}.1", text=text, progress=text, next_steps=text, links=[f"{number}.2"]),
                PlanAction(number=f"{number}.2", text=f"{kind} again {text}"),
            ],
        )
        for number, (kind, text) in enumerate(texts.items(), start=1)
    ]
    many = len(recommendations) + 2
    recommendations += [
        PlanRecommendation(number=many - 1, text=""),
        PlanRecommendation(
            number=many,
            text="Two hundred actions",
            actions=[
                PlanAction(
                    number=f"{many}.{n}",
                    text=f"Action {n}: {list(texts.values())[n % len(texts)]}",
                    progress=f"Update {n}",
                )
                for n in range(1, 201)
            ],
        ),
    ]
    return Plan(inspection=name, inspectorate="HMICS", as_at="2022-02-15", recommendations=recommendations)
