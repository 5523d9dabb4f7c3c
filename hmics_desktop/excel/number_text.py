"""A number as its cell's number format shows it, with none of the digits it was saved with lost.

What an owner types in a cell of the General format, Excel keeps as a number and a format it
chooses: "1,000" becomes 1000 shown "#,##0", "£500" 500 shown "£"#,##0, "0 1/2" 0.5 shown
"# ?/?", "50%" 0.5 shown "0%", "1E3" 1000 shown "0.00E+00"; a cell formatted "0000" shows 12 as
"0012", one formatted "0.00" 3.5 as "3.50". :func:`shown` gives that text back for the formats
of numbers (signs, colours, currency symbols, grouping, fractions, percentages, exponents,
literal text); None for any other (a date's or a time's, text "@", General, a condition), which
leaves the number as it is read.

The digits after the point are those the number was saved with: a format Excel chose for what
was typed ("0.00%" for "12.5%", "#,##0.00" for "1,000.5") pads none it was not given; only a
plain one ("0.00", set by hand: Excel never chooses one) shows its own. A number a format would
round ("#,##0" of 1234.5) keeps its digits; a fraction that is not exactly the number, or a number
shown in thousands ("#,##0,"), stays as the number; so does one a format would show with no
digit ("#" of 0, text alone but "nil" for nought) or by a condition ("[>100]"); a negative
number its format shows with no sign (in red) keeps its minus. Nothing the owner typed is lost.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

# The formats a package names by their number only (ECMA-376 18.8.30), those of numbers.
BUILT_IN = {
    1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?",
    13: "# ??/??", 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)", 48: "##0.0E+0",
}  # fmt: skip
_DIGIT = "0#?"
_CONDITION = re.compile(r"\[[<>=]")
_COLOURS = {"black", "blue", "cyan", "green", "magenta", "red", "white", "yellow"}


class _Unknown(Exception):
    """A format this does not render (a date's, text, a condition): the number stays as read."""


def shown(value: float, code: str) -> str | None:
    """``value`` as the format ``code`` shows it, its saved digits kept; None for a format not of numbers."""
    sections = _split(code)
    negative = len(sections) > 1 and value < 0
    nought = len(sections) > 2 and value == 0
    section = sections[1] if negative else sections[2] if nought else sections[0]
    sign = "-" if value < 0 and not negative else ""
    if any(_CONDITION.search(part) for part in sections):  # "[>100]" decides which section shows which number
        return None
    try:
        tokens = _tokens(section)
    except _Unknown:
        return None
    if not any(kind == "digit" for kind, _text in tokens):  # a section of text alone: "nil" for nought only
        return ("".join(text for kind, text in tokens if kind == "text").strip() or None) if nought else None
    number = Decimal(repr(abs(float(value))))
    if any(kind == "/" for kind, _text in tokens):
        text = _fraction(number, tokens)
    elif any(kind == "E" for kind, _text in tokens):
        text = _exponent(number, tokens)
    else:
        text = _decimal(number, tokens)
    if text is None or not any(char.isdigit() for char in text):  # "#" shows 0 as nothing
        return None
    if negative and not any(char in text for char in "-("):  # "#,##0;[Red]#,##0" shows -1234 as 1,234 in red
        sign = "-"
    return (sign + text).strip()


def _split(code: str) -> list[str]:
    """The format's sections (positive; negative; zero; text), split where ";" is not quoted."""
    sections, current, quoted, index = [], "", False, 0
    while index < len(code):
        char = code[index]
        if char == "\\" and not quoted:
            current += code[index : index + 2]
            index += 2
            continue
        quoted = not quoted if char == '"' else quoted
        if char == ";" and not quoted:
            sections.append(current)
            current = ""
        else:
            current += char
        index += 1
    return [*sections, current]


def _tokens(section: str) -> list[tuple[str, str]]:
    """("text", literal) and ("digit", 0 # ?), (".", ), (",", ), ("%", ), ("/", ), ("E", "+" or "-") in order."""
    tokens: list[tuple[str, str]] = []
    index = 0
    while index < len(section):
        char = section[index]
        if char == '"':
            end = section.index('"', index + 1) if '"' in section[index + 1 :] else len(section)
            tokens.append(("text", section[index + 1 : end]))
            index = end + 1
            continue
        if char in "\\_*":  # an escaped character; room as wide as the next one (a space); it repeated to fill
            tokens += [("text", {"\\": section[index + 1 : index + 2], "_": " ", "*": ""}[char])]
            index += 2
            continue
        if char == "[":
            end = section.find("]", index)
            tokens += _bracket(section[index + 1 : end if end >= 0 else len(section)])
            index = (end if end >= 0 else len(section)) + 1
            continue
        if char in _DIGIT:
            tokens.append(("digit", char))
        elif char in ".,%/":
            tokens.append((char, char))
            if char == "%":
                tokens.append(("text", "%"))
        elif char in "Ee" and section[index + 1 : index + 2] in ("+", "-"):
            tokens.append(("E", section[index + 1]))
            index += 2
            continue
        elif char.isalpha() or char == "@":
            raise _Unknown(section)  # a date's or a time's letters, General, text
        else:
            tokens.append(("text", char))  # a sign, a bracket, a space, a currency symbol, a digit of a fraction
        index += 1
    return tokens


def _bracket(inside: str) -> list[tuple[str, str]]:
    """A colour (nothing shown), a currency and its place ("[$£-809]": "£"); else not a number's format."""
    if inside.startswith("$"):
        return [("text", inside[1:].split("-")[0])]
    if inside.casefold() in _COLOURS or inside.casefold().startswith("color"):
        return []
    raise _Unknown(inside)  # a condition, a length of time ([h]), a calendar


def _places(number: Decimal) -> int:
    """How many digits after the point the number was saved with."""
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _decimal(number: Decimal, tokens: list[tuple[str, str]]) -> str | None:
    kinds = [kind for kind, _text in tokens]
    point = kinds.index(".") if "." in kinds else len(tokens)
    digits_before = [i for i in range(point) if kinds[i] == "digit"]
    if not digits_before:
        return None  # ".00": no place for the whole number
    last_digit = digits_before[-1]
    scaled = sum(1 for i in range(point) if kinds[i] == "," and i > last_digit)  # "#,##0," shows thousands
    if scaled:
        return None  # shown in thousands, rounded: the number itself says more
    grouped = any(kinds[i] == "," for i in range(digits_before[0] + 1, last_digit))
    number = number.scaleb(2 * kinds.count("%"))
    plain = set(kinds) <= {"digit", "."}  # "0.00", "0000": set by hand, its decimals shown
    after = [i for i in range(point, len(tokens)) if kinds[i] == "digit"]
    places = max(_places(number), sum(1 for i in after if tokens[i][1] == "0") if plain else 0)
    whole, _, fraction = f"{number:.{places}f}".partition(".")
    needed = sum(1 for i in digits_before if tokens[i][1] == "0")
    whole = "" if whole == "0" and not needed else whole.rjust(needed, "0")
    shown_tokens = [text if kind == "text" else "" for kind, text in tokens]
    if grouped or _together(kinds, digits_before):
        shown_tokens[digits_before[0]] = f"{int(whole):,}" if grouped and whole else whole
    else:  # literal text between the digits ("000-000"): each takes its digit, from the right
        end = len(whole)
        for i in reversed(digits_before):  # the first takes all the digits left
            start = 0 if i == digits_before[0] else max(0, end - 1)
            shown_tokens[i], end = whole[start:end], start
    if fraction:
        where = point if point < len(tokens) else last_digit
        shown_tokens[where] = (shown_tokens[where] if where != point else "") + "." + fraction
    elif point < len(tokens):
        shown_tokens[point] = ""
    return "".join(shown_tokens)


def _together(kinds: list[str], digits: list[int]) -> bool:
    """Whether nothing but digits and separators stands between the first digit and the last."""
    return all(kind in ("digit", ",") for kind in kinds[digits[0] : digits[-1] + 1])


def _exponent(number: Decimal, tokens: list[tuple[str, str]]) -> str | None:
    kinds = [kind for kind, _text in tokens]
    at = kinds.index("E")
    point = kinds.index(".") if "." in kinds[:at] else at
    if sum(1 for kind in kinds[:point] if kind == "digit") > 1:
        return None  # ##0.0E+0: a multiple of three, rare enough to leave as the number
    power = number.adjusted() if number else 0
    mantissa = number.scaleb(-power)
    exponent_digits = sum(1 for kind in kinds[at:] if kind == "digit")
    sign = "-" if power < 0 else ("+" if tokens[at][1] == "+" else "")
    places = _places(mantissa)
    before = "".join(text for kind, text in tokens[: kinds.index("digit")] if kind == "text")
    after = "".join(text for kind, text in tokens[at:] if kind == "text")
    return f"{before}{mantissa:.{places}f}E{sign}{abs(power):0{exponent_digits}d}{after}"


def _fraction(number: Decimal, tokens: list[tuple[str, str]]) -> str | None:
    kinds = [kind for kind, _text in tokens]
    slash = kinds.index("/")
    below = "".join(text for kind, text in tokens[slash + 1 :] if kind in ("digit", "text")).strip()
    digits = [i for i in range(slash) if kinds[i] == "digit"]
    top = [i for i in digits if all(kinds[j] == "digit" for j in range(i, slash))]  # the numerator's own
    has_whole = len(top) < len(digits)
    whole = int(number) if has_whole else 0
    rest = Fraction(number) - whole
    fixed = int(below) if below.isdigit() and below[0] != "0" else 0  # "?/8": in eighths, as many as it takes
    if fixed:
        part = Fraction(round(rest * fixed), fixed)
    else:
        part = rest.limit_denominator(10 ** sum(1 for kind in kinds[slash:] if kind == "digit") - 1 or 9)
    if float(whole + part) != float(number):  # as saved: 1/3 to seventeen digits is 1/3
        return None  # not exactly the number: it stays a decimal (nothing lost)
    before = "".join(text for kind, text in tokens[: digits[0]] if kind == "text") if digits else ""
    if not part:
        return f"{before}{whole}"
    top_number, bottom = (round(part * fixed), fixed) if fixed else (part.numerator, part.denominator)
    return f"{before}{str(whole) + ' ' if whole else ''}{top_number}/{bottom}"
