"""The blueprint schema: one JSON document describing an alliance's operating model.

The schema *is* the file format's documentation (``designer schema`` prints it as
JSON Schema). Models are frozen: an edit makes a new blueprint, which is what
lets the app keep an undo stack of plain values.

Money is always integer pence (fields end in ``_pence``), never float.
Percentages are plain numbers (0–100); the finance model turns them into
``Decimal`` through their shortest decimal text, so ``33.33`` stays exact.

Relations live in two places, never both for the same fact:
- fields, for the relations every element of a kind has (a team's function,
  a function's host force, an area's force);
- ``links``, for the rest (a function depending on another, a role
  accountable to a body, a team delivering a second function).
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    TypeAdapter,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from designer.core import cover as C
from designer.core.catalogue import load_catalogue
from designer.core.delivery import LOCAL, MODELS, Delivery, pooled, pooled_names
from designer.core.references import Apart, Draw, RefTo, json_path, unresolved

FORMAT = "alliance-blueprint"
VERSION = 2

# ---------------------------------------------------------------- value types

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$"),
    Field(description="Lower-case id, unique in the document: letters, digits, '-' and '_'."),
]
RoleRef = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}\.(pcc|chief_constable)$"),
    Field(description="A force's role: '<force id>.pcc' or '<force id>.chief_constable'."),
]

# Text: no control characters anywhere (C0 but tab and newline in multi-line text,
# DEL, C1: they corrupt workbooks, XML and terminals), and names that show
# something once spaces and invisible characters (zero-width, bidi controls) go.
# Patterns, not Python validators: pydantic checks them natively on every load.
_CONTROL = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
_CONTROL_ONE_LINE = r"\x00-\x1f\x7f-\x9f"
_INVISIBLE = r"\s\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
_LINE = rf"[^{_CONTROL_ONE_LINE}]*"
_VISIBLE_LINE = rf"{_LINE}[^{_CONTROL_ONE_LINE}{_INVISIBLE}]{_LINE}"
_TEXT = rf"[^{_CONTROL}]*"
_VISIBLE_TEXT = rf"{_TEXT}[^{_CONTROL}{_INVISIBLE}]{_TEXT}"
TEXT_RULES: dict[str, tuple[bool, bool]] = {
    rf"^{_LINE}$": (False, False),
    rf"^{_VISIBLE_LINE}$": (False, True),
    rf"^(?:{_VISIBLE_LINE})?$": (False, True),
    rf"^{_TEXT}$": (True, False),
    rf"^{_VISIBLE_TEXT}$": (True, True),
}
"""Each text pattern → (multi-line, must show something), to explain a mismatch."""
_PATTERN = dict(zip(("line", "visible line", "optional visible line", "text", "visible text"),
                    TEXT_RULES, strict=True))

NAME_MAX = 200
Name = Annotated[str, StringConstraints(max_length=NAME_MAX, strip_whitespace=True,
                                        pattern=_PATTERN["visible line"])]
"""A name: one line that shows something."""
Title = Annotated[str, StringConstraints(max_length=200, pattern=_PATTERN["optional visible line"])]
"""An optional one-line title (a command, a commander): empty, or showing something."""
Line = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=_PATTERN["line"])]
"""One line of text naming something that is checked elsewhere (a rule id, a pack)."""
Text = Annotated[str, StringConstraints(max_length=20_000, pattern=_PATTERN["text"])]
"""Free text: notes and sources, newlines and tabs allowed."""
TAG_PATTERN = rf"^[^\s,{_CONTROL_ONE_LINE}]{{1,64}}$"
Tag = Annotated[str, StringConstraints(pattern=TAG_PATTERN)]
FinancialYear = Annotated[
    str,
    StringConstraints(pattern=r"^(19|20)\d\d/\d\d$"),
    Field(description="UK financial year, e.g. '2018/19' (April 2018 to March 2019)."),
]
Pence = Annotated[
    int,
    Field(ge=0, le=10**14, description="An amount in pence (£1 = 100); at most £1 trillion."),
]
SignedPence = Annotated[int, Field(ge=-(10**14), le=10**14)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Fte = Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0, le=10**10)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
Coord = Annotated[float, Field(ge=-1e7, le=1e7, allow_inf_nan=False)]

BodyKind = Literal[
    "alliance-board", "joint-committee", "pcc-office", "chief-officer-group", "other"
]
LinkKind = Literal["delivers", "depends-on", "serves", "governs", "accountable-to"]
BasisKind = Literal["net-budget", "population", "demand", "officers", "equal", "fixed"]
ALLIANCE = "alliance"
"""Owner of a team that belongs to the alliance as a whole (a joint unit)."""


_CONTROL_CHAR = re.compile(f"[{_CONTROL}]")
_CONTROL_CHAR_ONE_LINE = re.compile(f"[{_CONTROL_ONE_LINE}]")
_ALL_INVISIBLE = re.compile(f"[{_INVISIBLE}]*")


def text_problem(value: str, *, multiline: bool, visible: bool) -> str | None:
    """Why ``value`` breaks the text rules, in plain words; None when it keeps them."""
    control = (_CONTROL_CHAR if multiline else _CONTROL_CHAR_ONE_LINE).search(value)
    if control is not None:
        return (f"contains a control character (U+{ord(control.group()):04X}) at character "
                f"{control.start() + 1}; remove it")
    if visible and _ALL_INVISIBLE.fullmatch(value):
        return ("is empty once spaces and invisible characters (zero-width, bidi controls) "
                "are removed")
    return None


def error_message(err: ErrorDetails) -> str:
    """Plain words for one pydantic validation error: text rules explained, not their
    regular expressions. The file reader and the app's edits both say it this way."""
    pattern = err.get("ctx", {}).get("pattern")
    value = err.get("input")
    if err["type"] == "string_pattern_mismatch" and isinstance(value, str):
        rule = TEXT_RULES.get(pattern)
        if rule is not None or pattern == TAG_PATTERN:
            multiline, visible = rule or (False, False)
            why = text_problem(value, multiline=multiline, visible=visible)
            if why is not None:
                return why
            if pattern == TAG_PATTERN:
                return "a tag is 1 to 64 characters, without spaces or commas"
    if err["type"] == "timezone_aware":
        return ("a date and time needs its UTC offset, e.g. '2015-03-20T10:30:00Z' or "
                "'2015-03-20T10:30:00+01:00'")
    return err["msg"].removeprefix("Value error, ")


def financial_year_start(year: str) -> int:
    """Calendar year a financial year starts in: ``'2018/19'`` → ``2018``."""
    return int(year[:4])


def financial_year(start: int) -> str:
    """Financial year label starting in ``start``: ``2018`` → ``'2018/19'``."""
    return f"{start}/{(start + 1) % 100:02d}"


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, allow_inf_nan=False, str_max_length=20_000
    )
    key_fields: ClassVar[tuple[str, ...] | None] = None
    """The fields that say which item this is, in a list of such models (a model with an
    ``id`` is known by it without saying so); diff and merge match items by them."""


def _cover_words(check: Any, *args: Any) -> Any:
    """Run a :mod:`designer.core.cover` check, its refusal as a plain validation error."""
    try:
        return check(*args)
    except C.CoverError as exc:
        raise PydanticCustomError("cover", "{why}", {"why": str(exc)}) from None


def _days(value: str) -> str:
    _cover_words(C.parse_days, value)
    return value


def _start(value: str) -> str:
    _cover_words(C.parse_clock, value)
    return value


def _end(value: str) -> str:
    _cover_words(functools.partial(C.parse_clock, end=True), value)
    return value


def _week_time(value: str) -> str:
    _cover_words(C.parse_time, value)
    return value


WeekTime = Annotated[str, AfterValidator(_week_time), Field(
    description="A time of the week: a day and a 24-hour time, e.g. 'Sat 03:00'.",
    json_schema_extra={"pattern": C.TIME_PATTERN})]


class Position(_Model):
    """Where the user placed a node on the canvas (scene coordinates)."""

    x: Coord
    y: Coord


class Element(_Model):
    """Fields every node of the blueprint carries."""

    id: Id
    name: Name
    tags: tuple[Tag, ...] = ()
    notes: Text = ""
    source: Text = Field("", description="Where the element's facts or figures come from.")
    illustrative: bool = Field(False, description="Figures are estimates, not published data.")
    position: Position | None = None


# ---------------------------------------------------------------- alliance


class SavingsTarget(_Model):
    amount_pence: Pence
    year: FinancialYear
    source: Text = ""
    illustrative: bool = Field(False, description="The target is an estimate, not agreed.")


class SavingsDefaults(_Model):
    """Default savings, as a percentage of baseline cost, by delivery model, each with
    where it comes from (a local efficiency plan is not the joint units' derivation)."""

    local: Percent = 0.0
    shared: Percent = 15.0
    joint: Percent = 20.0
    source: Text = Field("", description="Where the defaults come from: cited for every "
                         "model without a source of its own in `sources`.")
    sources: dict[str, Text] = Field(
        default_factory=dict, description="Where each model's default comes from, by its "
        "field name (local, shared, joint); a model not listed cites `source`.")

    @model_validator(mode="after")
    def _sources_name_defaults(self) -> SavingsDefaults:
        keys = self.percent_keys()
        unknown = [k for k in self.sources if k not in keys]
        if unknown:
            raise ValueError(f"sources: {unknown[0]!r} is not a savings default; "
                             f"use one of {', '.join(keys)}")
        return self

    @classmethod
    def percent_keys(cls) -> tuple[str, ...]:
        """The fields holding a percentage: what ``sources`` may name."""
        return tuple(k for k in cls.model_fields if k not in ("source", "sources"))

    def for_model(self, delivery: Delivery) -> float:
        """The default for a model (its descriptor says which field holds it)."""
        return float(getattr(self, MODELS[delivery].savings_key))

    def source_for(self, delivery: Delivery) -> str:
        """Where a model's default comes from: its own source, else the common one."""
        return self.sources.get(MODELS[delivery].savings_key) or self.source


class CostBasis(_Model):
    """How a shared or joint unit's cost is apportioned between partner forces."""

    kind: BasisKind
    shares: Annotated[dict[Id, Percent], RefTo("force", on_delete="reset")] = Field(
        default_factory=dict, description="Percent per force for kind 'fixed'; must total 100."
    )
    source: Text = ""

    @model_validator(mode="after")
    def _fixed_shares(self) -> CostBasis:
        if self.kind == "fixed":
            from decimal import Decimal

            total = sum((Decimal(repr(v)) for v in self.shares.values()), Decimal(0))
            if total != 100:
                raise ValueError(f"fixed shares must total 100%, not {total}%")
        elif self.shares:
            raise ValueError(f"shares are only used with kind 'fixed', not {self.kind!r}")
        return self


class Waiver(_Model):
    """A recorded decision to accept one rule's finding for one element."""

    key_fields: ClassVar[tuple[str, ...] | None] = ("rule", "element")
    rule: Line
    # the element the finding is about (or 'alliance'): not checked, but the waiver goes
    # with the element
    element: Annotated[Line, RefTo("force", "area", "body", "function", "team", "role",
                                   checked=False, on_delete="cascade")]
    reason: Annotated[str, StringConstraints(max_length=5_000, pattern=_PATTERN["visible text"])]
    author: Name
    date: date


GREEN_BOOK = ("HM Treasury, The Green Book: appraisal and evaluation in central government "
              "(2022), discounting: the social time preference rate, 3.5% a year in real "
              "terms for the first 30 years")
"""The source of the default discount rate."""


class Alliance(_Model):
    name: Name
    savings_target: SavingsTarget | None = None
    start_year: FinancialYear
    rule_packs: tuple[Line, ...] = (
        "alliance-principles",
    )
    savings_defaults: SavingsDefaults = SavingsDefaults()
    default_cost_basis: CostBasis = CostBasis(kind="net-budget")
    discount_rate_percent: Percent = Field(
        3.5, description="Real discount rate for net present values (the economic case).")
    discount_rate_source: Text = GREEN_BOOK
    waivers: tuple[Waiver, ...] = ()
    notes: Text = ""
    source: Text = ""


# ---------------------------------------------------------------- nodes


class Force(Element):
    short_code: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9&]{1,8}$")]
    pcc: Name = Field(description="Police and Crime Commissioner (a person's name or the post).")
    chief_constable: Name
    net_budget_pence: Pence | None = None
    population: Count | None = None
    officers_fte: Fte | None = None
    staff_fte: Fte | None = None
    colour: Colour = "#0072B2"

    @property
    def pcc_role(self) -> str:
        return f"{self.id}.pcc"

    @property
    def chief_role(self) -> str:
        return f"{self.id}.chief_constable"


class Area(Element):
    """A local policing area inside one force, with its local commander."""

    force: Annotated[Id, RefTo("force", edge="in-force", on_delete="cascade")]
    commander: Title = ""
    population: Count | None = None


class Body(Element):
    """A governance body: alliance board, joint committee, PCC office, …"""

    kind: BodyKind
    chairs: Annotated[tuple[RoleRef, ...], RefTo(
        "role", edge="chaired-by", draw=Draw("chairs", towards_owner=True, arrow=False))] = ()
    members: Annotated[tuple[RoleRef, ...], RefTo("role", edge="member")] = ()
    external_members: tuple[Name, ...] = Field(
        (), description="Members who are not force roles, e.g. 'Wiltshire Council'."
    )


class ForceFigures(_Model):
    """One force's figures for one function (its baseline before the alliance)."""

    cost_pence: Pence = 0
    fte: Fte = 0.0
    demand: Count | None = Field(None, description="Optional demand measure for cost sharing.")


class Function(Element):
    """A policing function and how the alliance delivers it."""

    category: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+(/[a-z0-9-]+)?$")]
    delivery: Delivery = LOCAL
    host_force: Annotated[Id | None, RefTo("force", edge="hosted-by")] = Field(
        None, description="The force that hosts a shared function.")
    lead_force: Annotated[Id | None, RefTo("force", edge="led-by")] = Field(
        None, description="The force that leads a joint function.")
    partners: Annotated[tuple[Id, ...], RefTo("force", edge="partner")] = Field(
        (), description="Forces in the shared/joint arrangement; empty means all forces."
    )
    governing_body: Annotated[Id | None, RefTo(
        "body", edge="governs", towards_owner=True,
        # drawn only while an end is selected: a fan from the board to every unit it
        # governs would drown the picture
        draw=Draw("governs", towards_owner=True, quiet=True))] = None
    command: Title = Field(
        "", description="The single named command of a joint unit, e.g. 'ACC Protective Services'."
    )
    cost_basis: CostBasis | None = Field(None, description="Empty: the alliance default.")
    baseline: Annotated[dict[Id, ForceFigures], RefTo("force")] = Field(
        default_factory=dict, description="Each force's baseline cost and FTE."
    )
    savings_percent: Percent | None = Field(None, description="Overrides the alliance default.")
    savings_source: Text = ""
    implementation_cost_pence: Pence = 0
    go_live: FinancialYear | None = None
    ramp_up: tuple[Percent, ...] = Field(
        (), description="Percent of full savings in the first years after go-live, e.g. [50]."
    )
    required: bool = Field(False, description="Every policing area must have a provider.")

    @model_validator(mode="after")
    def _delivery_fields(self) -> Function:
        """The fields the delivery model's descriptor says apply (see core/delivery.py)."""
        m = MODELS[self.delivery]
        if m.force_field is None:
            if self.host_force or self.lead_force:  # the fields of force_fields()
                roles = [MODELS[k].role for k in MODELS if MODELS[k].force_field]
                raise ValueError(f"a {m.key} function has no {' or '.join(roles)} force")
        else:
            ref = getattr(self, m.force_field)
            if m.force_required and not ref:
                raise ValueError(f"a {m.key} function needs a {m.role} force")
            if ref and self.partners and ref not in self.partners:
                raise ValueError(f"{m.role} force {ref!r} must be one of the partners")
        if len(set(self.partners)) != len(self.partners):
            raise ValueError("a force is listed twice in partners")
        return self


class CoverWindow(_Model):
    """One weekly window of a team's cover: on these days, from one time to a later time
    the same day (a night shift is two windows); windows may touch but not overlap."""
    # the rules of the words are in designer.core.cover

    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True,
                              serialize_by_alias=True)
    days: Annotated[str, AfterValidator(_days), Field(
        description="Days: Mon … Sun, a forward range such as 'Mon-Fri', or several joined "
                    "by commas ('Sat,Sun').", json_schema_extra={"pattern": C.DAYS_PATTERN})]
    start: Annotated[str, AfterValidator(_start), Field(
        alias="from", description="Start, 24-hour HH:MM.",
        json_schema_extra={"pattern": C.CLOCK_PATTERN})]
    end: Annotated[str, AfterValidator(_end), Field(
        alias="to", description="End, 24-hour HH:MM later than 'from' ('24:00': midnight at "
                                "the end of the day).",
        json_schema_extra={"pattern": C.CLOCK_PATTERN})]

    @model_validator(mode="after")
    def _forwards(self) -> CoverWindow:
        _cover_words(C.window, self.days, self.start, self.end)
        return self

    def window(self) -> C.Window:
        return C.window(self.days, self.start, self.end)


_WINDOWS = TypeAdapter(tuple[CoverWindow, ...])


def _cover(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """``"24/7"`` or a list of windows that do not overlap, each error on its own path
    (a plain union would report both readings of every mistake)."""
    if isinstance(value, str):
        if value == C.ALWAYS:
            return value
        raise PydanticCustomError("cover", 'cover is "24/7" or a list of weekly windows such '
                                  'as [{"days": "Mon-Fri", "from": "08:00", "to": "18:00"}], '
                                  "not {value}", {"value": json.dumps(value)[:40]})
    windows = _WINDOWS.validate_python(value)
    if not windows:
        raise PydanticCustomError("cover", 'an empty list of windows would mean never on duty: '
                                  'write "24/7", or the windows the team is on duty')
    _cover_words(C.check_windows, [w.window() for w in windows])
    return windows


Cover = Annotated[Literal["24/7"] | tuple[CoverWindow, ...], WrapValidator(_cover), Field(
    max_length=200, description='When the team is on duty: "24/7" (the default) or weekly '
                                'windows such as [{"days": "Mon-Fri", "from": "08:00", '
                                '"to": "18:00"}].')]


@functools.lru_cache(maxsize=4096)
def cover_windows(cover: str | tuple[CoverWindow, ...]) -> tuple[C.Window, ...] | None:
    """A cover as :class:`designer.core.cover.Window` values (``None``: 24/7)."""
    if isinstance(cover, str):
        return None
    return tuple(w.window() for w in cover)


class Team(Element):
    """A team or unit that delivers a function."""

    function: Annotated[Id, RefTo("function", edge="delivers", on_delete="cascade",
                                  draw=Draw("delivers", arrow=False, tree=True))]
    owner: Annotated[Id, RefTo("force", edge="owned-by", on_delete="cascade",
                               also=(ALLIANCE,))] = Field(
        description=f"A force id, or '{ALLIANCE}' for an alliance-wide unit.")
    base_area: Annotated[Id | None, RefTo("area", edge="based-in")] = None
    fte: Fte = 0.0
    serves: Annotated[tuple[Id, ...], RefTo("area", edge="serves")] = Field(
        (), description="Areas served; empty means the owner's areas.")
    cover: Cover = C.ALWAYS

    @property
    def windows(self) -> tuple[C.Window, ...] | None:
        """The team's cover as windows of the week (``None``: 24/7)."""
        return cover_windows(self.cover)


LINK_ENDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "delivers": (frozenset({"team"}), frozenset({"function"})),
    "depends-on": (frozenset({"function"}), frozenset({"function"})),
    "serves": (frozenset({"team"}), frozenset({"area"})),
    "governs": (frozenset({"body"}), frozenset({"function", "team"})),
    "accountable-to": (frozenset({"role", "body"}), frozenset({"role", "body"})),
}
"""Which kinds of element each link kind may join (source kinds, target kinds)."""


class Link(_Model):
    """A typed edge not already carried by a field."""

    key_fields: ClassVar[tuple[str, ...] | None] = ("kind", "source", "target")
    kind: LinkKind
    source: Annotated[Line, RefTo(
        ends={k: ends[0] for k, ends in LINK_ENDS.items()}, on_delete="cascade")]
    target: Annotated[Line, RefTo(
        ends={k: ends[1] for k, ends in LINK_ENDS.items()}, on_delete="cascade")]
    notes: Text = ""


# ---------------------------------------------------------------- challenges

ChallengeStatus = Literal["open", "answered", "accepted", "rejected", "actioned"]
CHALLENGE_STATUSES: tuple[ChallengeStatus, ...] = get_args(ChallengeStatus)
COMMENT_MAX = 10_000
REPLIES_MAX = 200
CHALLENGES_MAX = 10_000
Comment = Annotated[str, StringConstraints(max_length=COMMENT_MAX,
                                           pattern=_PATTERN["visible text"])]
"""What someone says in a challenge, a reply or a decision: text that shows something."""
Stamp = Annotated[AwareDatetime, Field(
    description="Date and time with its UTC offset, e.g. '2015-03-20T10:30:00Z'.")]


class Reply(_Model):
    """An answer to a challenge. Replies are one flat list, never nested."""

    author: Name
    at: Stamp
    text: Comment


class Decision(_Model):
    """What was decided about a challenge, by whom and when."""

    text: Comment
    decided_by: Name
    decided_at: Stamp


class Challenge(_Model):
    """A comment or challenge on one element or on the blueprint as a whole, with its
    replies and the decision it led to. A record: removing the element keeps it, with
    the element's name in ``element_name``."""

    id: Id
    element: Annotated[Line | None, RefTo(
        "force", "area", "body", "function", "team", "role")] = Field(
        None, description="The element it is about; empty: the blueprint as a whole.")
    element_name: Title = Field(
        "", description="The name of the element it was about, once that was removed.")
    text: Comment
    author: Name
    created: Stamp
    status: ChallengeStatus = "open"
    decision: Decision | None = None
    replies: tuple[Reply, ...] = Field((), max_length=REPLIES_MAX)
# ---------------------------------------------------------------- options

OptionStatus = Literal["long-list", "short-list", "preferred", "rejected"]
OPTION_STATUSES: tuple[str, ...] = ("long-list", "short-list", "preferred", "rejected")
OPTION_FIELDS: dict[str, tuple[str, ...]] = {
    "function": ("delivery", "host_force", "lead_force", "partners", "governing_body",
                 "command", "cost_basis", "savings_percent", "savings_source",
                 "implementation_cost_pence", "go_live", "ramp_up"),
    "team": ("owner", "base_area", "fte", "serves"),
    "alliance": ("savings_defaults",),
}
"""What an option may change, by kind of element: how a function is delivered and what it
costs and saves, who runs a team and where, and the alliance's default savings."""
_FIELD_ORDER = {f: i for fields in OPTION_FIELDS.values() for i, f in enumerate(fields)}
_NODE_KINDS = ("force", "area", "body", "function", "team")


class OptionChange(_Model):
    """New values for some fields of one element of the base (or of ``alliance``).

    Values are plain JSON here and are checked against the element's own field types
    when the option is applied, so a wrong one is a problem of the option, never a file
    that will not open."""

    element: Annotated[Line, RefTo(*_NODE_KINDS, checked=False, on_delete="cascade",
                                   also=(ALLIANCE,))]
    set: dict[str, JsonValue] = Field(description="Field name → its value in this option.")

    @field_validator("set")
    @classmethod
    def _schema_order(cls, value: dict[str, JsonValue]) -> dict[str, JsonValue]:
        """Canonical: fields in the order of the element's schema (unknown ones last)."""
        return dict(sorted(value.items(), key=lambda kv: _FIELD_ORDER.get(kv[0], 99)))


class OptionAdditions(_Model):
    """Elements an option adds, whole, in their lists (checked when it is applied)."""

    areas: tuple[Area, ...] = ()
    bodies: tuple[Body, ...] = ()
    functions: tuple[Function, ...] = ()
    teams: tuple[Team, ...] = ()
    links: tuple[Link, ...] = ()

    def __bool__(self) -> bool:
        return any((self.areas, self.bodies, self.functions, self.teams, self.links))


class LinkRef(_Model):
    """A link of the base, named by its kind and ends (what an option removes)."""

    kind: LinkKind
    source: Annotated[Line, RefTo(ends={k: ends[0] for k, ends in LINK_ENDS.items()},
                                  checked=False, on_delete="cascade")]
    target: Annotated[Line, RefTo(ends={k: ends[1] for k, ends in LINK_ENDS.items()},
                                  checked=False, on_delete="cascade")]


class Option(_Model):
    """A named variation of the blueprint, for the economic case: what it changes in the
    base (the blueprint as drawn). See ``designer.core.options``."""

    id: Id = Field(description="Unique among the options (its own namespace, not elements').")
    name: Name
    status: OptionStatus = "long-list"
    description: Text = ""
    source: Text = Field("", description="Where the option comes from (a board paper, …).")
    illustrative: bool = Field(False, description="Its figures are estimates.")
    notes: Text = ""
    changes: tuple[OptionChange, ...] = ()
    add: Annotated[OptionAdditions, Apart("checked when the option is applied")] = \
        OptionAdditions()
    remove: Annotated[tuple[Id, ...], RefTo(*_NODE_KINDS, checked=False)] = Field(
        (), description="Ids of base elements the option removes (with what goes with them).")
    remove_links: tuple[LinkRef, ...] = ()


# ---------------------------------------------------------------- merges


class Conflict(_Model):
    """A change a three-way merge could not make: both sides changed this one thing
    differently, or one deleted what the other changed or still names.

    The blueprint holds "ours" meanwhile; ``designer check`` fails until each is
    resolved (the app's Conflicts dock, or by hand: make the blueprint hold the value
    wanted, then delete the entry). Values are as the file holds them; ``null`` where
    the element (or key) is not there, or the field is empty.
    """

    key_fields: ClassVar[tuple[str, ...] | None] = ("path",)
    path: Annotated[str, StringConstraints(min_length=1, max_length=2_000,
                                           pattern=_PATTERN["line"])] = Field(
        description="What disagrees, by id and field: 'functions/dogs/delivery' (list items "
        "by id, a link by kind/source/target; '~1' is '/' inside a part, '~0' is '~').")
    base: JsonValue = None
    ours: JsonValue = None
    theirs: JsonValue = None


# ---------------------------------------------------------------- walk-throughs


class Step(_Model):
    """One step of a walk-through: the catalogue function the demand reaches next, and
    what the workshop expects of the team that provides it (each expectation optional)."""

    category: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+(/[a-z0-9-]+)?$"), Field(
        description="The catalogue function (or category) of this step, e.g. "
                    "'operational-support/firearms'.")]
    delivery: Delivery | None = Field(None, description="Expected delivery model.")
    provider: Annotated[Id | None, RefTo("force", "team", also=(ALLIANCE,))] = Field(
        None, description=f"Expected provider: a team, its owning force (or '{ALLIANCE}'), "
                          "or the function's host or lead force.")
    governing_body: Annotated[Id | None, RefTo("body")] = Field(
        None, description="Expected governing body of the provider.")
    note: Text = Field("", description="What happens at this step, shown as its caption.")


def _some_steps(steps: tuple[Step, ...]) -> tuple[Step, ...]:
    if not steps:
        raise PydanticCustomError("steps", "a walk-through needs at least one step")
    return steps


class Walkthrough(_Model):
    """A demand walked through the model, re-run like a test: in one area (at one time of
    the week), each step must find a provider meeting its expectations."""

    id: Id
    title: Name
    area: Annotated[Id, RefTo("area", on_delete="cascade")] = Field(
        description="The policing area the demand arises in.")
    time: WeekTime | None = None
    steps: Annotated[tuple[Step, ...], AfterValidator(_some_steps)] = Field(
        max_length=100, json_schema_extra={"minItems": 1})
    notes: Text = ""
    source: Text = Field("", description="Where the scenario comes from.")


# ---------------------------------------------------------------- document

ELEMENT_LISTS = ("forces", "areas", "bodies", "functions", "teams")
KIND_OF_LIST = {
    "forces": "force",
    "areas": "area",
    "bodies": "body",
    "functions": "function",
    "teams": "team",
}


class Problem(BaseModel):
    """A located problem with a document: JSON path and plain-words message.

    Loading a file adds where the path is in it (``line``, ``column``) and the id of
    the element the path lies in, so a message reads
    ``functions[18].host_force (id "firearms"), line 412: …``.
    """

    model_config = ConfigDict(frozen=True)
    path: str
    message: str
    element: str = ""
    """The id of the element (forces[i], functions[i], …) the path lies in, if known."""
    line: int | None = None
    column: int | None = None

    def where(self) -> str:
        parts = [self.path] if self.path else []
        if self.element and parts:
            parts[-1] += f" (id {json.dumps(self.element, ensure_ascii=False)})"
        if self.line is not None:
            parts.append(f"line {self.line}")
            if self.column is not None:
                parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


class BlueprintInvalid(Exception):
    """Cross-reference problems found in an otherwise well-typed blueprint.

    Deliberately not a ``ValueError``, so pydantic lets it through with its
    list of located problems instead of folding them into one message.
    """

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems[:5])))
        self.problems = problems


class Blueprint(_Model):
    """A whole alliance blueprint."""

    format: Literal["alliance-blueprint"] = FORMAT
    version: Literal[2] = VERSION
    alliance: Alliance
    forces: tuple[Force, ...] = Field(max_length=50)
    areas: tuple[Area, ...] = ()
    bodies: tuple[Body, ...] = ()
    functions: tuple[Function, ...] = ()
    teams: tuple[Team, ...] = ()
    links: tuple[Link, ...] = ()
    challenges: tuple[Challenge, ...] = Field(
        (), max_length=CHALLENGES_MAX,
        description="The challenge and decision log: comments on elements or the whole "
        "blueprint, their replies, status and decisions.")
    options: tuple[Option, ...] = Field(
        (), description="Options for the economic case; business as usual is derived.")
    conflicts: tuple[Conflict, ...] = Field(
        (), description="Changes a merge could not make (see `designer merge`); "
        "`designer check` fails while any remain.")
    walkthroughs: tuple[Walkthrough, ...] = Field((), max_length=1000)

    @model_validator(mode="after")
    def _references(self) -> Blueprint:
        problems = reference_problems(self)
        if problems:
            raise BlueprintInvalid(problems)
        return self

    # ------------------------------------------------ convenient look-ups

    def elements(self) -> Iterator[tuple[str, int, Element]]:
        """Every node element as (list name, index, element)."""
        for list_name in ELEMENT_LISTS:
            for index, element in enumerate(getattr(self, list_name)):
                yield list_name, index, element

    def force_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.forces)

    def partners_of(self, function: Function) -> tuple[str, ...]:
        """Forces taking part in a function's shared/joint arrangement."""
        if not pooled(function.delivery):
            return ()
        return function.partners or self.force_ids()

    def delivery_for(self, function: Function, force_id: str) -> Delivery:
        """How one force receives a function (a non-partner keeps it local)."""
        return function.delivery if force_id in self.partners_of(function) else LOCAL


def role_ids(forces: tuple[Force, ...]) -> dict[str, str]:
    """Role id → 'pcc' or 'chief_constable' for every force."""
    roles: dict[str, str] = {}
    for f in forces:
        roles[f.pcc_role] = "pcc"
        roles[f.chief_role] = "chief_constable"
    return roles


def reference_problems(bp: Blueprint) -> list[Problem]:
    """Duplicate ids and references that do not resolve, each with its JSON path.

    Which fields are references, and to what, is declared on the fields (``RefTo``);
    this adds the rules that are not about one reference. Runs on every load, so the
    common case (all fine) does no string work.
    """
    problems: list[Problem] = []
    if not bp.forces:
        problems.append(Problem(path="forces", message="an alliance needs at least one force"))
    kinds: dict[str, str] = {}
    ids_of: dict[str, set[str]] | None = {}
    count = 0
    for list_name in ELEMENT_LISTS:  # in bulk; one at a time only when an id repeats
        ids = [element.id for element in getattr(bp, list_name)]
        kinds.update(dict.fromkeys(ids, KIND_OF_LIST[list_name]))
        ids_of[KIND_OF_LIST[list_name]] = set(ids)
        count += len(ids)
    if len(kinds) != count or not _RESERVED.isdisjoint(kinds):
        kinds, ids_of = {}, None  # the first of a repeated id counts
        for list_name in ELEMENT_LISTS:
            kind = KIND_OF_LIST[list_name]
            for index, element in enumerate(getattr(bp, list_name)):
                if element.id in kinds or element.id in _RESERVED:
                    problems.append(_duplicate(list_name, index, element.id))
                else:
                    kinds[element.id] = kind
    roles = [role for f in bp.forces for role in (f.pcc_role, f.chief_role)]
    kinds.update(dict.fromkeys(roles, "role"))
    if ids_of is not None:
        ids_of["role"] = set(roles)

    for path, ref, kind, wanted in unresolved(bp, kinds, ids_of):
        if kind is None:
            message = f"refers to {ref!r}, which does not exist"
        else:
            message = f"refers to {ref!r}, which is a {kind}, not a {' or '.join(sorted(wanted))}"
        problems.append(Problem(path=json_path(path), message=message))

    catalogue = load_catalogue()
    for i, fn in enumerate(bp.functions):
        if fn.category not in catalogue:
            problems.append(
                Problem(path=f"functions[{i}].category", message=f"{fn.category!r} is not a "
                        f"category of the {catalogue.name} catalogue")
            )
        if fn.partners and len(fn.partners) < 2 and pooled(fn.delivery):
            problems.append(
                Problem(path=f"functions[{i}].partners", message=f"a {pooled_names()} "
                        "function needs at least two partner forces")
            )
    problems += walkthrough_problems(bp.walkthroughs, catalogue)
    seen_links: set[tuple[str, str, str]] = set()
    for i, link in enumerate(bp.links):
        key = (link.kind, link.source, link.target)
        if key in seen_links:
            problems.append(Problem(path=f"links[{i}]", message="the same link is listed twice"))
        seen_links.add(key)
        if link.source == link.target:
            problems.append(Problem(path=f"links[{i}]", message="a link cannot join an element "
                                    "to itself"))
    if bp.challenges:
        seen_challenges: set[str] = set()
        for i, challenge in enumerate(bp.challenges):
            if challenge.id in seen_challenges:
                problems.append(Problem(path=f"challenges[{i}].id", message=(
                    f"challenge id {challenge.id!r} is used more than once")))
            seen_challenges.add(challenge.id)
    return problems


_RESERVED = frozenset({ALLIANCE})


def walkthrough_problems(walkthroughs: tuple[Walkthrough, ...], catalogue: Any = None) \
        -> list[Problem]:
    """Repeated walk-through ids and steps naming what the catalogue does not have (with
    the nearest catalogue ids as suggestions)."""
    catalogue = catalogue or load_catalogue()
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, wt in enumerate(walkthroughs):
        if wt.id in seen:
            problems.append(Problem(path=f"walkthroughs[{i}].id", message=f"walk-through id "
                                    f"{wt.id!r} is used more than once"))
        seen.add(wt.id)
        for j, step in enumerate(wt.steps):
            if step.category not in catalogue:
                problems.append(Problem(
                    path=f"walkthroughs[{i}].steps[{j}].category",
                    message=f"{step.category!r} is not a function of the {catalogue.name} "
                            f"catalogue{suggest(step.category, catalogue.entries)}"))
    return problems


def suggest(word: str, choices: Any) -> str:
    """``"; did you mean 'x' or 'y'?"`` for the closest of ``choices``, or ``""``."""
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    if not close and "/" not in word:  # a bare sub-category id: "firearms"
        close = [c for c in choices if c.endswith("/" + word)][:3]
    if not close:
        return ""
    return "; did you mean " + " or ".join(repr(c) for c in close) + "?"


def _duplicate(list_name: str, index: int, element_id: str) -> Problem:
    if element_id in _RESERVED:
        return Problem(path=f"{list_name}[{index}].id",
                       message=f"{element_id!r} is reserved and cannot be an id")
    return Problem(path=f"{list_name}[{index}].id",
                   message=f"id {element_id!r} is used more than once "
                   "(ids must be unique in the whole document)")
