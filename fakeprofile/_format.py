"""Small formatters shared by the outputs: risks for people, and escaping of hostile text.

Ids, names, messages and file names come from whoever wrote the records, so
every output escapes them at the last step, where it writes them:

* :func:`printable` for text a person reads on a terminal (score tables,
  ``validate``, ``vet``, ``index``, error and log lines): control characters
  show as visible escapes (``\\x1b``, ``\\r``, ``\\n``), so no escape
  sequence reaches the terminal and no value can forge a line.
* :func:`escape_csv_cell` for CSV cells a spreadsheet may open: a cell
  starting with a formula trigger gets a leading ``'`` (the OWASP rule).
* :func:`json_text` for JSON: what :func:`json.dumps` leaves raw but a
  terminal would act on is written as a ``\\uXXXX`` escape, which reads back
  as the same value.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

__all__ = ["escape_csv_cell", "format_risk", "json_text", "printable", "safe_json"]

#: Characters that must not reach a terminal raw: C0 and C1 controls (ESC, CSI,
#: OSC, BEL, CR, LF, tab, DEL…), the Unicode line and paragraph separators, the
#: bidirectional controls that reorder what is shown ("Trojan Source"), and lone
#: surrogates (which cannot even be encoded).
_HIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
#: The same without the C0 controls, which :func:`json.dumps` escapes inside strings
#: (any left in its output are the newlines of an indented layout).
_HIDDEN_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
#: What :func:`json_text` writes one-line JSON with (``json.dumps`` would build one per call).
_ONE_LINE = json.JSONEncoder(ensure_ascii=False)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
#: First characters that make a spreadsheet read a cell as a formula (OWASP, ASVS 1.2.10),
#: and the quote itself, so that removing one leading quote always gives the value back.
_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\x00", "'")


def format_risk(p: float) -> str:
    """A risk (a probability) as a whole percent, never a flat "0%" or "100%".

    A calibrated risk is never exactly 0 or 1, so the ends read as bounds:
    below 0.5% is ``"<1%"``, from 99.5% up is ``">99%"``; anything else is
    rounded to a whole percent (halves up).

    Parameters
    ----------
    p : float
        A probability in [0, 1].

    Returns
    -------
    str
        E.g. ``"<1%"``, ``"7%"``, ``">99%"``.

    Raises
    ------
    ValueError
        When ``p`` is not a number in [0, 1].

    Examples
    --------
    >>> [format_risk(p) for p in (0.0, 0.004, 0.005, 0.42, 0.994, 0.995, 1.0)]
    ['<1%', '<1%', '1%', '42%', '99%', '>99%', '>99%']
    """
    value = float(p)
    if not 0.0 <= value <= 1.0:  # also refuses nan
        raise ValueError(f"a risk must be a number in [0, 1], got {p!r}")
    percent = math.floor(value * 100 + 0.5)
    if percent < 1:
        return "<1%"
    if percent > 99:
        return ">99%"
    return f"{percent}%"


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    return _NAMED.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    r"""``text`` with every control character shown as a visible escape, for a person to read.

    C0 and C1 controls, DEL, the line and paragraph separators U+2028/U+2029,
    the bidirectional controls and lone surrogates become ``\t``, ``\n``,
    ``\r``, ``\xNN`` or ``\uNNNN``; everything else (accents, other
    scripts, emoji) is kept. The result is one line that a terminal shows
    as written. It is for display only: a backslash is not itself escaped,
    so the result is not meant to be parsed back.

    Examples
    --------
    >>> printable("p-1\x1b]0;owned\x07\r\nOK forged")
    'p-1\\x1b]0;owned\\x07\\r\\nOK forged'
    >>> printable("Zoë 李")
    'Zoë 李'
    """
    return _HIDDEN.sub(_escape, text)


def escape_csv_cell(text: str) -> str:
    """A CSV cell that no spreadsheet runs as a formula (OWASP's CSV-injection rule).

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return
    or a NUL gets a leading ``'``, which spreadsheets read as "this is text".
    A cell already starting with ``'`` gets one too, so the rule is lossless:
    removing one leading ``'`` from an escaped cell always gives the value
    back. Use it on text cells; numbers the library formats itself (a risk,
    a line number) are written as they are.

    Examples
    --------
    >>> [escape_csv_cell(c) for c in ("=1+1", "-0.76 fewer likes", "'x", "p-1", "")]
    ["'=1+1", "'-0.76 fewer likes", "''x", 'p-1', '']
    """
    return "'" + text if text.startswith(_CSV_TRIGGERS) else text


def _escape_json(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(value: Any, *, indent: int | None = None) -> str:
    r"""``value`` as JSON that is safe to show on a terminal (one line unless ``indent``).

    :func:`json.dumps` (with ``ensure_ascii=False``, which keeps names
    readable) already escapes C0 controls; this also writes DEL, the C1
    controls, the line and paragraph separators, the bidirectional controls
    and lone surrogates as ``\uXXXX`` escapes. They only occur inside
    strings, and a JSON reader turns the escapes back into the very same
    characters.

    Examples
    --------
    >>> print(json_text({"id": "p\x9b2J\u202e", "name": "Zoë"}))
    {"id": "p\u009b2J\u202e", "name": "Zoë"}
    """
    text = (
        _ONE_LINE.encode(value)
        if indent is None
        else json.dumps(value, ensure_ascii=False, indent=indent)
    )
    return safe_json(text)


def safe_json(text: str) -> str:
    r"""JSON written with ``ensure_ascii=False``, with what a terminal would act on escaped.

    The second half of :func:`json_text`, for JSON put together from pieces
    that :func:`json.dumps` wrote.

    Examples
    --------
    >>> print(safe_json('{"id": "p\x9b2J"}'))
    {"id": "p\u009b2J"}
    """
    if text.isascii() and "\x7f" not in text:  # DEL is the only one of them in ASCII
        return text
    return _HIDDEN_IN_JSON.sub(_escape_json, text)
