"""The profile data model: :class:`Profile`, its parts, and :class:`Invitation`.

Validation rules (what a record may contain):

* Every field but ``id`` is optional, and **unknown is not empty**: an absent
  key or ``null`` means the source did not say (an export without an
  experience column knows nothing about experience), while an explicit ``[]``,
  ``""``, ``false`` or ``0`` means known to be none. An unknown never becomes a
  fact, a reason or an error. The one field where ``null`` differs from absent
  is ``activity.window_days``: ``null`` means lifetime totals, absent means the
  period is unknown.
* Counts are whole numbers ``≥ 0``: JSON numbers, or text of the digits 0-9
  only (as CSV cells give them). ``true``/``false`` and text such as ``"1_000"``
  or ``"1e3"`` are refused.
* Dates accept ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (partial dates mean the
  first day of that year or month); timestamps accept ISO 8601. A number is
  never read as seconds since 1970 (an export's ``0`` is not 1970-01-01): only
  a year may be a number. Dates more than
  one day in the future are refused, and so are timed ``events`` that span more
  than 36,500 days (100 years), the longest activity window.
* Text fields have length limits (see :data:`LIMITS`) so that one giant record
  cannot exhaust memory; longer text is an error, not silently cut.
* **Unknown fields are rejected**, because a misspelt field (``"conections"``)
  would otherwise be silently ignored. Free-form data of your own goes under
  ``meta`` (any JSON object), which is carried through untouched.

All models are immutable (frozen) once validated.
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
import time
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    ValidationError,
    field_validator,
    model_serializer,
    model_validator,
)

from .errors import FieldProblem, InvalidProfileError

__all__ = [
    "LIMITS",
    "ActivityEvent",
    "ActivityTotals",
    "Education",
    "EventType",
    "Experience",
    "Invitation",
    "Profile",
    "json_schema",
    "parse_invitation",
    "parse_profile",
]

#: Length limits of text fields (characters) and of lists (items).
LIMITS: dict[str, int] = {
    "id": 200,
    "short_text": 300,
    "headline": 500,
    "long_text": 20_000,
    "message": 10_000,
    "comment": 5_000,
    "path": 4_096,
    "list": 1_000,
    "events": 100_000,
    "count": 10**12,
}

#: The longest activity window in days (100 years): ``activity.window_days`` and
#: the span of timed ``events``.
MAX_WINDOW_DAYS = 36_500

#: Characters of a bad value that an error message shows before cutting it with "…".
SHOWN_CHARS = 40

#: Tolerance for clocks and time zones when refusing future dates.
_FUTURE_SLACK = dt.timedelta(days=1)

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DIGITS = re.compile(r"-?[0-9]+")


def clip(value: object, limit: int = SHOWN_CHARS) -> str:
    """``value`` as shown in an error message: its ``repr`` (plain for numbers), cut to ``limit``.

    A message never echoes a whole hostile value: a 401-digit number or a
    megabyte of text is cut with "…".

    Examples
    --------
    >>> clip(10**50)
    '1000000000000000000000000000000000000000… (51 digits)'
    >>> clip("abc")
    "'abc'"
    """
    if isinstance(value, int) and not isinstance(value, bool):
        digits = _digit_count(value)
        if digits <= limit:
            return str(value)
        if digits > 4_000:  # str() of a huge int is slow, and past 4,300 digits refused
            return f"a number of {digits:,} digits"
        sign = "-" if value < 0 else ""
        return f"{sign}{abs(value) // 10 ** (digits - limit)}… ({digits} digits)"
    text = str(value) if isinstance(value, float) else repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _digit_count(value: int) -> int:
    """Decimal digits of ``|value|``, without converting it to text."""
    n = abs(value)
    digits = max(1, int(n.bit_length() * 0.30102999566398120))
    while n >= 10**digits:
        digits += 1
    while digits > 1 and n < 10 ** (digits - 1):
        digits -= 1
    return digits


def _whole_number(value: object) -> object:
    """Counts: a JSON number, or text of the digits 0-9 only; never a boolean.

    Python's ``int`` (and pydantic's lax mode) would read ``true`` as 1 and
    ``" 1_000 "`` as 1000: a count must look like one.
    """
    if isinstance(value, bool):
        raise ValueError(f"must be a whole number, got a boolean ({str(value).lower()})")
    if isinstance(value, str):
        text = value.strip()
        if not _DIGITS.fullmatch(text):
            raise ValueError(
                f"must be a whole number written with the digits 0-9, got {clip(value)}"
            )
        if len(text) > 20:  # far above every limit; int() of thousands of digits is slow
            raise ValueError(f"is too large: a number of {len(text)} digits")
        return int(text)
    return value


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


#: Dates already read from text (a batch repeats the same few thousand), by the text as given.
_DATES_READ: dict[str, dt.date] = {}
_DATES_KEPT = 10_000
#: Longest text kept as a key (a date with a time and a zone is about 32 characters).
_DATE_KEY_CHARS = 40


def _not_a_number(value: object, what: str) -> None:
    """Refuse a number (or text of digits only) where a date or a timestamp is expected.

    Pydantic would read it as seconds since 1970: an export's ``0`` for "not
    known" would become the fact 1970-01-01, and ``20200101`` an error about
    times of day.
    """
    if isinstance(value, str):
        try:
            float(value)  # "0", " 1e9 ", "0.0", "nan"
        except ValueError:
            return
    elif not _is_number(value):
        return
    raise ValueError(f"must be {what}, not a number, got {clip(value)}")


def _is_number(value: object) -> bool:
    """A real number, NumPy's included (``np.int64(0)`` is not an ``int``), not a bool
    (NumPy's bool is not a ``numbers.Real``)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


_DATE_WANTED = "a date written YYYY, YYYY-MM or YYYY-MM-DD"


def _parse_partial_date(value: object) -> object:
    """Accept ``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD`` (and full timestamps).

    A year may be given as a whole number (``2015``, or ``2015.0`` as pandas
    writes a year column with gaps); any other number is refused. A datetime
    (a pandas column of timestamps) gives its calendar date.
    """
    if isinstance(value, dt.datetime) and value == value:  # NaT is not equal to itself
        return value.date()  # its calendar date, as for text with a time of day
    if _is_number(value):
        year: Any = value  # a real number of any size (NumPy's too); nan is not equal to itself
        if year == year and 1000 <= year <= 9999 and year == int(year):
            return dt.date(int(year), 1, 1)
        _not_a_number(value, _DATE_WANTED)
    if isinstance(value, str):
        plain = type(value) is str  # a subclass could compare equal to another text
        known = _DATES_READ.get(value) if plain else None
        if known is not None:
            return known
        text = value.strip()
        match = _PARTIAL_DATE.match(text)
        if match:
            year, month, day = (int(g) if g else 1 for g in match.groups())
            try:
                date = dt.date(year, month, day)
            except ValueError as exc:
                raise ValueError(f"not a valid date: {clip(text)} ({exc})") from None
            if plain and len(value) <= _DATE_KEY_CHARS:  # a padded giant is not kept
                if len(_DATES_READ) >= _DATES_KEPT:
                    _DATES_READ.clear()
                _DATES_READ[value] = date
            return date
        if "T" in text or " " in text:
            try:
                return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
            except ValueError:
                pass
        _not_a_number(value, _DATE_WANTED)
    return value


def _parse_timestamp(value: object) -> object:
    """Timestamps are ISO 8601 text (or datetimes), never seconds since 1970 (see above)."""
    _not_a_number(value, "an ISO 8601 timestamp (e.g. 2024-05-01T12:00:00Z)")
    return value


#: (from, until, latest): the latest date a record may give, for clock times in [from, until).
_LATEST_DATE: tuple[float, float, dt.date] = (0.0, 0.0, dt.date.min)


def _latest_date() -> dt.date:
    """Today in UTC plus the slack: worked out once per UTC day (a few dates per record)."""
    global _LATEST_DATE
    start, until, latest = _LATEST_DATE
    now = time.time()
    if start <= now < until:
        return latest
    today = _today()
    start = dt.datetime.combine(today, dt.time(), dt.UTC).timestamp()
    latest = today + _FUTURE_SLACK
    _LATEST_DATE = (start, start + 86_400.0, latest)
    return latest


def _not_in_future(value: dt.date | None) -> dt.date | None:
    if value is not None and value > _latest_date():
        raise ValueError(f"is in the future: {value.isoformat()}")
    return value


def _to_utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:  # naive timestamps are taken as UTC
        value = value.replace(tzinfo=dt.UTC)
    try:
        value = value.astimezone(dt.UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+01:00 is in year 0 in UTC
        raise ValueError(
            f"is out of range: {value.isoformat()} is outside the years 1 to 9999 in UTC"
        ) from None
    if value > dt.datetime.now(dt.UTC) + _FUTURE_SLACK:
        raise ValueError(f"is in the future: {value.isoformat()}")
    return value


PartialDate = Annotated[dt.date, BeforeValidator(_parse_partial_date)]
Timestamp = Annotated[dt.datetime, BeforeValidator(_parse_timestamp)]
Count = Annotated[
    int, Field(ge=0, le=LIMITS["count"], strict=False), BeforeValidator(_whole_number)
]
ShortText = Annotated[str, StringConstraints(max_length=LIMITS["short_text"])]
LongText = Annotated[str, StringConstraints(max_length=LIMITS["long_text"])]

EventType = Literal["like", "comment", "share", "share_with_comment", "post", "article"]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        validate_default=False,
    )

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        # Pickled as its fields, already valid (nothing extra, nothing private): about
        # twice as quick as pydantic's own state both ways; worker processes get thousands.
        return (_from_fields, (type(self), self.__dict__, self.__pydantic_fields_set__))


_M = TypeVar("_M", bound=BaseModel)


def _from_fields(cls: type[_M], values: dict[str, Any], fields_set: set[str]) -> _M:
    """A model unpickled: what pydantic's ``__setstate__`` sets, without validating again."""
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", fields_set)
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


class Experience(_Model):
    """One position held: title, company, dates and description."""

    title: ShortText | None = None
    company: ShortText | None = None
    description: LongText | None = None
    location: ShortText | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    full_time: bool | None = None

    _check_start = field_validator("start", "end")(_not_in_future)

    @model_validator(mode="after")
    def _start_before_end(self) -> Experience:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(
                f"end ({self.end.isoformat()}) is before start ({self.start.isoformat()})"
            )
        return self


class Education(_Model):
    """One school attended."""

    school: ShortText | None = None
    degree: ShortText | None = None
    field: ShortText | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None


class ActivityTotals(_Model):
    """What a profile did over a window of ``window_days`` days.

    ``shares`` counts bare shares (no comment added); ``shares_with_comment``
    counts shares the member wrote something on. A count that is absent (or
    ``null``) is unknown, not zero. ``window_days=None`` given explicitly means
    lifetime totals, as platforms' exports usually give; ``window_days`` absent
    means the period is unknown (see :attr:`period`).

    Examples
    --------
    >>> ActivityTotals.model_validate({"likes": 3}).period
    'unknown'
    >>> ActivityTotals.model_validate({"likes": 3, "window_days": None}).period
    'lifetime'
    >>> ActivityTotals.model_validate({"likes": 3, "window_days": 90}).total is None
    True
    """

    window_days: (
        Annotated[int, Field(ge=1, le=MAX_WINDOW_DAYS), BeforeValidator(_whole_number)] | None
    ) = None
    likes: Count | None = None
    comments: Count | None = None
    shares: Count | None = None
    shares_with_comment: Count | None = None
    posts: Count | None = None
    articles: Count | None = None
    comment_texts: (
        Annotated[
            list[Annotated[str, StringConstraints(max_length=LIMITS["comment"])]],
            Field(max_length=LIMITS["list"]),
        ]
        | None
    ) = None

    @model_serializer(mode="wrap")
    def _keep_unknown_period_unknown(self, handler: SerializerFunctionWrapHandler) -> Any:
        # ``window_days: null`` means lifetime: an unknown period is left out of
        # every dump, so a dumped record reads back as it was.
        data = handler(self)
        if isinstance(data, dict) and self.period == "unknown":
            data.pop("window_days", None)
        return data

    @property
    def period(self) -> Literal["window", "lifetime", "unknown"]:
        """What the totals cover: ``window_days`` days, the account's lifetime, or unknown."""
        if self.window_days is not None:
            return "window"
        return "lifetime" if "window_days" in self.model_fields_set else "unknown"

    @property
    def counts(self) -> dict[str, int | None]:
        """Every count by name (``None`` where unknown), in a fixed order."""
        return {
            "likes": self.likes,
            "comments": self.comments,
            "shares": self.shares,
            "shares_with_comment": self.shares_with_comment,
            "posts": self.posts,
            "articles": self.articles,
        }

    @property
    def total(self) -> int | None:
        """All actions counted together; ``None`` when any count is unknown."""
        counts = self.counts.values()
        if any(n is None for n in counts):
            return None
        return sum(n for n in counts if n is not None)


class ActivityEvent(_Model):
    """One action: a like, comment, share, share with comment, post or article."""

    type: EventType
    at: Timestamp | None = None
    text: Annotated[str, StringConstraints(max_length=LIMITS["comment"])] | None = None
    target: ShortText | None = None

    _check_at = field_validator("at")(_to_utc)


class Profile(_Model):
    """A social-network profile, as much of it as is known.

    Examples
    --------
    >>> p = Profile.model_validate({"id": "p-1", "activity": {"likes": 40}})
    >>> p.activity_totals().likes
    40
    """

    id: Annotated[str, StringConstraints(min_length=1, max_length=LIMITS["id"])]
    name: ShortText | None = None
    username: ShortText | None = None
    location: ShortText | None = None
    url: Annotated[str, StringConstraints(max_length=LIMITS["path"])] | None = None
    headline: Annotated[str, StringConstraints(max_length=LIMITS["headline"])] | None = None
    about: LongText | None = None
    experience: Annotated[list[Experience], Field(max_length=LIMITS["list"])] | None = None
    education: Annotated[list[Education], Field(max_length=LIMITS["list"])] | None = None
    skills: Annotated[list[ShortText], Field(max_length=LIMITS["list"])] | None = None
    created_at: PartialDate | None = None
    connections: Count | None = None
    followers: Count | None = None
    following: Count | None = None
    photo: Annotated[str, StringConstraints(max_length=LIMITS["path"])] | None = None
    photo_hash: (
        Annotated[str, StringConstraints(max_length=4_096, pattern=r"^[0-9a-fA-F:;]+$")] | None
    ) = None
    has_photo: bool | None = None
    private: bool | None = None
    activity: ActivityTotals | None = None
    events: Annotated[list[ActivityEvent], Field(max_length=LIMITS["events"])] | None = None
    meta: dict[str, Any] = Field(default_factory=dict)

    _check_created = field_validator("created_at")(_not_in_future)

    @field_validator("events")
    @classmethod
    def _events_fit_one_window(
        cls, events: list[ActivityEvent] | None
    ) -> list[ActivityEvent] | None:
        # The activity they add up to has a window of at most MAX_WINDOW_DAYS days:
        # a longer span would pass here and fail later, when scored.
        times = [e.at for e in events or () if e.at is not None]
        if times:
            first, last = min(times), max(times)
            days = _window_days(first, last)
            if days > MAX_WINDOW_DAYS:
                raise ValueError(
                    f"the timed events span {days:,} days ({first.date().isoformat()} to "
                    f"{last.date().isoformat()}); at most {MAX_WINDOW_DAYS:,} (100 years) "
                    "can be one record"
                )
        return events

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: object) -> object:
        # CSV and some exports give numeric ids; an id is a name, not a number. A
        # pandas column of whole-number ids with a gap holds them as floats (7.0).
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return value

    @property
    def photo_known(self) -> bool | None:
        """Whether the profile has a photo: ``None`` when that is unknown."""
        if self.photo is not None or self.photo_hash is not None:
            return True
        return self.has_photo

    def activity_totals(self) -> ActivityTotals | None:
        """The activity totals, given directly or derived from :attr:`events`.

        With events, every count is known (the events are the whole record)
        and the window is the span from the first to the last timed event (at
        least one day); when no event is timed, the period is unknown.
        Returns ``None`` when neither totals nor events are known.
        """
        if self.activity is not None:
            return self.activity
        if self.events is None:
            return None
        counts = Counter(e.type for e in self.events)
        times = [e.at for e in self.events if e.at is not None]
        period: dict[str, int] = {}
        if times:
            period["window_days"] = _window_days(min(times), max(times))
        return ActivityTotals(
            **period,
            likes=counts["like"],
            comments=counts["comment"],
            shares=counts["share"],
            shares_with_comment=counts["share_with_comment"],
            posts=counts["post"],
            articles=counts["article"],
            comment_texts=[e.text for e in self.events if e.type == "comment" and e.text][
                : LIMITS["list"]
            ],
        )

    def with_photo(self, photo: str | None) -> Profile:
        """A copy whose ``photo`` is replaced (used to resolve relative paths)."""
        return self.model_copy(update={"photo": photo})


def _window_days(first: dt.datetime, last: dt.datetime) -> int:
    """Whole days from ``first`` to ``last``, rounded up, at least one."""
    return max(1, -(-int((last - first).total_seconds()) // 86_400))


class Invitation(_Model):
    """A connection invitation: who sent it, what it says, and to whom.

    ``recipient`` (the person vetting the invitation) is optional; without it
    the message cannot be checked for personalisation.
    """

    id: Annotated[str, StringConstraints(max_length=LIMITS["id"])] | None = None
    sender: Profile
    message: Annotated[str, StringConstraints(max_length=LIMITS["message"])] | None = None
    mutual_connections: Count | None = None
    links: Annotated[
        list[Annotated[str, StringConstraints(max_length=LIMITS["path"])]],
        Field(max_length=LIMITS["list"]),
    ] = Field(default_factory=list)
    attachments: Annotated[
        list[Annotated[str, StringConstraints(max_length=LIMITS["path"])]],
        Field(max_length=LIMITS["list"]),
    ] = Field(default_factory=list)
    recipient: Profile | None = None
    sent_at: Timestamp | None = None
    meta: dict[str, Any] = Field(default_factory=dict)

    _check_sent = field_validator("sent_at")(_to_utc)

    @model_validator(mode="after")
    def _recipient_is_not_sender(self) -> Invitation:
        # One id is one account: an invitation from oneself is a mistake in the
        # input (a sender given twice), not an impersonation to decline.
        if self.recipient is not None and self.recipient.id == self.sender.id:
            raise ValueError(
                f"recipient.id is the sender's id ({clip(self.sender.id)}): "
                "the recipient is the person the invitation was sent to"
            )
        return self


# --------------------------------------------------------------------------- parsing


def _describe(error: Mapping[str, Any]) -> FieldProblem:
    """Turn one pydantic error into a short, human message with its field path."""
    path = ".".join(str(part) for part in error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    shown = clip(value)
    # A bound is about a number: shown as written (a CSV cell's '-4' as -4).
    number = shown
    if isinstance(value, str):
        text = value.strip()
        number = text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"
    if kind in {"greater_than_equal", "greater_than"}:
        bound = ctx.get("ge", ctx.get("gt"))
        sign = "≥" if kind == "greater_than_equal" else ">"
        message = f"must be {sign} {bound}, got {number}"
    elif kind in {"less_than_equal", "less_than"}:
        bound = ctx.get("le", ctx.get("lt"))
        sign = "≤" if kind == "less_than_equal" else "<"
        message = f"must be {sign} {bound}, got {number}"
    elif kind == "string_too_long":
        message = f"must be at most {ctx['max_length']} characters, got {len(str(value))}"
    elif kind == "string_too_short":
        message = "must not be empty"
    elif kind == "too_long":
        message = f"must have at most {ctx['max_length']} items, got {ctx.get('actual_length')}"
    elif kind == "extra_forbidden":
        message = "unknown field (see `fakeprofile schema`; put your own data under 'meta')"
    elif kind == "missing":
        message = "is required"
    elif kind == "string_pattern_mismatch":
        message = f"has an invalid format, got {shown}"
    else:
        text = str(error["msg"])
        if text.startswith("Value error, "):
            text = text[len("Value error, ") :]
        message = f"{text[:1].lower()}{text[1:]}"
        if kind != "value_error" and " got " not in message:  # no need to say it twice
            message += f", got {shown}"
    return FieldProblem(path, message)


def record_id(data: object) -> str | None:
    """The ``id`` of a raw record (or of its sender), as text, when there is one."""
    if isinstance(data, Mapping):
        value = data.get("id")
        if value is None and isinstance(data.get("sender"), Mapping):
            value = data["sender"].get("id")
        if isinstance(value, str | int) and not isinstance(value, bool):
            return str(value)[: LIMITS["id"]]
    return None


def _validate(model: type[_M], data: object) -> _M:
    if not isinstance(data, Mapping):
        raise InvalidProfileError.single(
            "", f"a record must be a JSON object, got {type(data).__name__}"
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [_describe(err) for err in exc.errors(include_url=False)]
        raise InvalidProfileError(problems, record_id=record_id(data)) from None
    except RecursionError:
        raise InvalidProfileError.single(
            "", "is nested too deeply", record_id=record_id(data)
        ) from None
    except (TypeError, ValueError) as exc:  # a value of a type no validator expected
        raise InvalidProfileError.single(
            "", f"cannot be read: {exc}", record_id=record_id(data)
        ) from None


def parse_profile(data: object) -> Profile:
    """Validate a mapping (e.g. parsed JSON) into a :class:`Profile`.

    Parameters
    ----------
    data : object
        Normally a ``dict`` parsed from JSON; a :class:`Profile` is returned as is.

    Returns
    -------
    Profile

    Raises
    ------
    InvalidProfileError
        With one message per bad field, e.g. ``activity.likes: must be ≥ 0, got -3``.

    Examples
    --------
    >>> parse_profile({"id": "a", "connections": 12}).connections
    12
    """
    if isinstance(data, Profile):
        return data
    return _validate(Profile, data)


def parse_invitation(data: object) -> Invitation:
    """Validate a mapping into an :class:`Invitation` (see :func:`parse_profile`)."""
    if isinstance(data, Invitation):
        return data
    return _validate(Invitation, data)


def json_schema(kind: Literal["profile", "invitation"] = "profile") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a profile or an invitation."""
    model: type[BaseModel] = Profile if kind == "profile" else Invitation
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://fakeprofile.invalid/schema/{kind}.json"
    return schema
