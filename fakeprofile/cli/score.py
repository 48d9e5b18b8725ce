"""``fakeprofile score FILE…``: score profiles, writing one row per record as it goes.

Exit codes: 0 every record scored; 1 some records had errors; 2 usage error;
130 interrupted (the output then holds every row completed so far, each whole).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import json.encoder
import math
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, Any

from .._format import _ONE_LINE, escape_csv_cell, format_risk, json_text, printable, safe_json
from ..index.lookup import open_index
from ..io import FieldFilter, Item, ReadError, iter_dicts
from ..io.readers import _raw_records, _RawLine
from ..model import LEVELS
from ..reasons import Reason
from ..scoring import RiskScore, ScoreError, Scorer, _rendered_many
from ._common import (
    add_extra_fields_arguments,
    add_model_arguments,
    extra_fields_notice,
    output_problem,
    progress,
)

CSV_COLUMNS = ("source", "line", "id", "risk", "level", "reason_codes", "reasons", "error")


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "score",
        help="score profiles from files or standard input",
        description=(
            "Score each profile of each FILE (JSON, JSONL or CSV; '-' for standard input). "
            "Every record yields one output row, in order: a score or an error row. "
            "Exit codes: 0 all scored, 1 some records had errors, 2 usage error, 130 interrupted."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    add_model_arguments(parser)
    add_extra_fields_arguments(parser)
    parser.add_argument(
        "--format",
        choices=["table", "jsonl", "csv"],
        default=None,
        help="output format (default: table; jsonl with --json)",
    )
    parser.add_argument("--json", action="store_true", help="the same as --format jsonl")
    parser.add_argument("--out", type=Path, default=None, help="write here instead of stdout")
    parser.add_argument(
        "--only-level",
        choices=list(LEVELS),
        default=None,
        help="write only scores at this level or above (error rows are always written)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="worker processes scoring chunks of 512 records, forked so that they share "
        "the loaded model and index (default: 1)",
    )
    parser.add_argument(
        "--fail-fast", action="store_true", help="stop at the first record with an error"
    )
    parser.set_defaults(run=run)


# --------------------------------------------------------------------------- writers


class _Writer:
    """Writes rows to a stream: a score's row as rendered by :attr:`row`, or an error row."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    @staticmethod
    def row(result: RiskScore | ScoreError) -> str:
        """One output row for a score or an error row, its line end included."""
        raise NotImplementedError

    def write(self, row: str | ScoreError) -> None:
        """Write a row rendered by :attr:`row` (where it was scored), or an error row."""
        # One write per row: an interrupt can only fall between whole rows.
        self.stream.write(self.row(row) if isinstance(row, ScoreError) else row)

    def close(self) -> None:
        self.stream.flush()


def _jsonl_row(result: RiskScore | ScoreError) -> str:
    """``json_text(result.to_dict())`` and a newline, written without the dicts for a score.

    The same bytes (``tests/test_cli_score.py`` checks it on generated
    scores): each string and float as :func:`json.dumps` writes it, each
    evidence by the C encoder, so a score's line costs about half as much.
    """
    if isinstance(result, ScoreError):
        return json_text(result.to_dict()) + "\n"
    memo: dict[int, str] = {}  # the reasons of one fact often share their evidence
    raising = ", ".join([_reason_json(r, memo) for r in result.reasons])
    lowering = ", ".join([_reason_json(r, memo) for r in result.mitigating])
    subscores = ", ".join(
        [f"{_str(k)}: {_number(round(v, 4))}" for k, v in result.subscores.items()]
    )
    source = "null" if result.source is None else _str(result.source)
    line = "null" if result.line is None else int.__repr__(result.line)
    text = (
        f'{{"id": {_str(result.profile_id)}, "risk": {_number(round(result.risk, 6))}, '
        f'"level": {_str(result.level)}, "reasons": [{raising}], "mitigating": [{lowering}], '
        f'"subscores": {{{subscores}}}, "base_value": {_number(round(result.base_value, 6))}, '
        f'"logit": {_number(round(result.logit, 6))}, '
        f'"model_version": {_str(result.model_version)}, "source": {source}, "line": {line}}}\n'
    )
    return safe_json(text)


def _reason_json(reason: Reason, memo: dict[int, str]) -> str:
    """``reason.to_dict()`` as :func:`json.dumps` writes it (before :func:`safe_json`)."""
    evidence = []
    for e in reason.evidence:
        done = memo.get(id(e))
        if done is None:
            done = memo[id(e)] = "".join(_EVIDENCE_JSON(e.to_dict(), 0))
        evidence.append(done)
    value = reason.value
    shown = "null" if value != value else _number(round(float(value), 6))
    named = (reason.code, reason.codes, reason.group)
    head = _HEADS.get(named)
    if head is None:
        head = _head(*named)
    return (
        f'{head}{_str(reason.text)}, "contribution": {_number(round(reason.contribution, 4))}, '
        f'"value": {shown}, "evidence": [{", ".join(evidence)}]}}'
    )


#: The start of a reason's JSON, up to its text, by (code, codes, group): a model has
#: a few dozen of them, written again for every reason.
_HEADS: dict[tuple[str, tuple[str, ...], str], str] = {}


def _head(code: str, codes: tuple[str, ...], group: str) -> str:
    head = (
        f'{{"code": {_str(code)}, "codes": [{", ".join(map(_str, codes))}], '
        f'"group": {_str(group)}, "text": '
    )
    if len(_HEADS) >= 4096:  # not one model's reasons: keep the memo small
        _HEADS.clear()
    _HEADS[(code, codes, group)] = head
    return head


def _number(x: float) -> str:
    """A number as :func:`json.dumps` writes it."""
    if type(x) is float and -math.inf < x < math.inf:  # the usual case: finite, not nan
        return float.__repr__(x)
    return _ONE_LINE.encode(x)  # nan, ±inf, and anything else as json writes it


#: A string as ``json.dumps(..., ensure_ascii=False)`` writes it.
_str: Callable[[str], str] = json.encoder.encode_basestring


def _raise_unserialisable(value: object) -> object:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _evidence_encoder() -> Callable[[object, int], Iterable[str]]:
    """One-line JSON of a value, in chunks, as ``json.dumps(..., ensure_ascii=False)`` writes it.

    One encoder built once (``json.dumps`` builds one per call, a few
    microseconds, which a score's handful of evidence would pay each time).
    """
    make = json.encoder.c_make_encoder  # type: ignore[attr-defined]
    if make is None:  # a Python without the C accelerator: the same output, slower
        return lambda value, _: (_ONE_LINE.encode(value),)
    encoder: Callable[[object, int], Iterable[str]] = make(
        None, _raise_unserialisable, _str, None, ": ", ", ", False, False, True
    )
    return encoder


_EVIDENCE_JSON = _evidence_encoder()


class _JsonlWriter(_Writer):
    row = staticmethod(_jsonl_row)


def _csv_row(result: RiskScore | ScoreError) -> str:
    """A CSV row whose text cells no spreadsheet runs as formulas (:func:`escape_csv_cell`).

    Every text cell is escaped, the library's own too: a reasons cell starts
    with a signed contribution, so it always gets the quote (``'-1.11 2 likes…``);
    dropping one leading quote gives :meth:`RiskScore.reasons_line` back. The
    risk and the line number are written as plain numbers.
    """
    if isinstance(result, ScoreError):
        text = (result.source, result.record_id or "", "", "", "", result.message)
        line: object = result.line
        risk = ""
    else:
        text = (
            result.source or "",
            result.profile_id,
            result.level,
            "|".join(r.code for r in result.reasons),
            result.reasons_line(),
            "",
        )
        line, risk = result.line or "", f"{result.risk:.6f}"
    source, rid, level, codes, reasons, error = map(escape_csv_cell, text)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(
        [source, line, rid, risk, level, codes, reasons, error]
    )
    return out.getvalue()


class _CsvWriter(_Writer):
    row = staticmethod(_csv_row)

    def __init__(self, stream: IO[str]) -> None:
        super().__init__(stream)
        csv.writer(stream, lineterminator="\n").writerow(CSV_COLUMNS)


def _table_row(result: RiskScore | ScoreError) -> str:
    return format_score(result) + "\n"


class _TableWriter(_Writer):
    row = staticmethod(_table_row)


def format_score(result: RiskScore | ScoreError) -> str:
    """A score (or error row) as a few lines for a person to read.

    Ids and sentences show control characters escaped (:func:`printable`):
    each line is one line on a terminal, whatever the record held.
    """
    if isinstance(result, ScoreError):
        rid = f" (id {result.record_id!r})" if result.record_id else ""
        return printable(f"ERROR  {result.source}:{result.line}{rid}: {result.message}")
    pid = printable(result.profile_id)
    lines = [f"{pid:<16} {result.level.upper():<6} risk {format_risk(result.risk)}"]
    # The number is the reason's exact contribution to the log-odds of being fake.
    lines += [f"    {r.contribution:+5.2f}  {printable(r.text)}" for r in result.reasons]
    lines += [f"    {r.contribution:+5.2f}  {printable(r.text)}" for r in result.mitigating]
    return "\n".join(lines)


_WRITERS: dict[str, type[_Writer]] = {
    "table": _TableWriter,
    "jsonl": _JsonlWriter,
    "csv": _CsvWriter,
}


@dataclass(frozen=True)
class _Rendered:
    """A score as its level and output row (None when ``--only-level`` leaves it out).

    Called where the score is made (in the workers with ``--jobs``), so
    finished rows travel back to the writing process: they cost far less to
    send than the scores themselves.
    """

    row: Callable[[RiskScore | ScoreError], str]
    minimum: int

    def __call__(self, result: RiskScore) -> tuple[str, str | None]:
        level = result.level
        return level, self.row(result) if LEVELS.index(level) >= self.minimum else None


# --------------------------------------------------------------------------- run


def _records(
    files: list[str], photo_root: Path | None, fields: FieldFilter, *, lines: bool = False
) -> Iterator[Item[Any] | ReadError | _RawLine]:
    """Raw records: they are validated where they are scored (in the workers with --jobs).

    With ``lines``, a JSON Lines file's records come as their lines, decoded
    (and put through ``fields``) where they are scored: with workers, the
    decoding runs in parallel too, and a line costs this process far less to
    read and send than the dict made of it.
    """
    for path in files:
        if lines:
            for record in _raw_records(path, photo_root=photo_root):
                yield fields.item(record) if isinstance(record, Item) else record
        else:
            yield from fields.items(iter_dicts(path, photo_root=photo_root))


class _HeldInterrupt:
    """Ctrl-C held back while one row is written and counted, then raised.

    Without this, an interrupt that lands between counting a row and writing
    it makes the summary count a row the output does not hold. Everywhere else
    (reading, scoring, waiting on standard input) Ctrl-C stops at once.
    """

    def __init__(self) -> None:
        self.holding = False
        self.pending = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if self.holding:
            self.pending = True
            return
        raise KeyboardInterrupt

    @contextmanager
    def hold(self) -> Iterator[None]:
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        if self.pending:
            self.pending = False
            raise KeyboardInterrupt

    @contextmanager
    def installed(self) -> Iterator[None]:
        """Handle SIGINT while the block runs (only the main thread can)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = signal.signal(signal.SIGINT, self)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)


def run(args: argparse.Namespace) -> int:
    """Score every record; write rows as they come; summarise on stderr."""
    fmt = "jsonl" if args.json else (args.format or "table")
    if args.jobs < 1:
        print("fakeprofile score: error: --jobs must be ≥ 1", file=sys.stderr)
        return 2
    problem = output_problem(args.out, args.files) if args.out else None
    if problem is not None:
        print(printable(f"fakeprofile score: error: {problem}"), file=sys.stderr)
        return 2
    minimum = LEVELS.index(args.only_level) if args.only_level else 0
    scorer = Scorer(args.model, open_index(args.index))
    stream: IO[str] = open(args.out, "w", encoding="utf-8", newline="") if args.out else sys.stdout  # noqa: SIM115
    writer = _WRITERS[fmt](stream)
    counts: Counter[str] = Counter()
    interrupted = False
    fields = FieldFilter(args.extra_fields, label_field=args.label_field)
    lines = args.jobs > 1  # decoded in the workers (one process gains nothing from it)
    records = progress(_records(args.files, args.photo_root, fields, lines=lines), unit="profile")
    held = _HeldInterrupt()
    try:
        with held.installed():
            render = _Rendered(writer.row, minimum)
            decoding = fields if lines else None
            for result in _rendered_many(records, scorer, args.jobs, render, decoding):
                with held.hold():  # a row is written and counted, or neither
                    if isinstance(result, ScoreError):
                        writer.write(result)
                        counts["error"] += 1
                    else:
                        level, row = result
                        if row is not None:
                            writer.write(row)
                        counts[level] += 1
                if args.fail_fast and isinstance(result, ScoreError):
                    break
    except KeyboardInterrupt:
        interrupted = True
    finally:
        writer.close()
        if args.out:
            stream.close()
    extra_fields_notice(fields, "score")
    done = sum(counts.values())
    summary = ", ".join(f"{level} {counts[level]}" for level in LEVELS)
    print(
        f"scored {done - counts['error']} of {done}: {summary}; errors {counts['error']}",
        file=sys.stderr,
    )
    if interrupted:
        where = f" in {args.out}" if args.out else ""
        print(
            f"interrupted after {done} records; the output{where} holds every row completed",
            file=sys.stderr,
        )
        return 130
    return 1 if counts["error"] else 0
