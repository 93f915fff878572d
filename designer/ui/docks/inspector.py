"""Inspector dock: the selected element's fields, with editors that suit each field.

With several elements selected it shows the fields they share; a value that
differs shows as '(mixed)', and a change applies to all of them in one undo
step. With nothing selected it shows the alliance's own settings. A change the
schema refuses is shown under the form, in words, and the blueprint is left
as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from designer.core import edits
from designer.core.catalogue import load_catalogue
from designer.core.delivery import MODELS, partner_of
from designer.core.delivery import write_delivery as delivery_fields
from designer.core.money import format_pence
from designer.core.schema import (
    ALLIANCE,
    Alliance,
    Blueprint,
    ForceFigures,
    SavingsDefaults,
    SavingsTarget,
    financial_year,
    financial_year_start,
)
from designer.ui.docks.editors import (
    BoolEditor,
    ChoiceEditor,
    ColourEditor,
    Editor,
    FteEditor,
    ListTextEditor,
    MoneyEditor,
    MultiChoiceEditor,
    NotesEditor,
    NumberEditor,
    TagsEditor,
    TextEditor,
)
from designer.ui.docks.finance import function_summary_html
from designer.ui.document import Document
from designer.ui.style import as_html, delivery_colour
from designer.ui.widgets import literal

KIND_TITLES = {"force": "Force", "area": "Policing area", "body": "Governance body",
               "function": "Function", "team": "Team", "alliance": "Alliance"}
KIND_PLURALS = {"force": "forces", "area": "policing areas", "body": "governance bodies",
                "function": "functions", "team": "teams"}
ELEMENT_KINDS = frozenset({"force", "area", "body", "function", "team"})

Options = list[tuple[str, Any]]


@dataclass(frozen=True)
class Field:
    """One editable field: where it shows, how to read it and how to write it."""

    key: str
    label: str
    section: str
    kinds: frozenset[str]
    make: Callable[[], Editor]
    read: Callable[[Any], Any]
    write: Callable[[Any, Any], dict[str, Any]]
    options: Callable[[Blueprint], Options] | None = None
    enabled: Callable[[Any], bool] | None = None
    multi: bool = True
    tip: str = ""


def _attr(name: str) -> tuple[Callable[[Any], Any], Callable[[Any, Any], dict[str, Any]]]:
    return (lambda el: getattr(el, name)), (lambda _el, v: {name: v})


def _field(key: str, label: str, section: str, kinds: set[str], make: Callable[[], Editor],
           **extra: Any) -> Field:
    read, write = _attr(key)
    return Field(key, label, section, frozenset(kinds), make, extra.pop("read", read),
                 extra.pop("write", write), **extra)


def in_sentence(label: str, codes: set[str]) -> str:
    """A field label inside a sentence ("Change one-off cost of Dogs"): ordinary
    capitalised words lose their capital; codes ("A&S cost", "PCC") keep their case."""
    words = label.split(" ")
    return " ".join(
        w[0].lower() + w[1:] if w not in codes and w[:1].isupper() and w[1:] == w[1:].lower()
        and w.replace("-", "").isalpha() else w
        for w in words)


_PATTERN_HINTS = {
    "short_code": "must be 1 to 8 capital letters, digits or '&', e.g. A&S",
    "colour": "must be a colour like #0072B2",
}
_BOUND = re.compile(r"(less|greater) than( or equal to)? (-?[\d.]+)")


def plain_error(field: Field, message: str, editor: Editor | None = None) -> str:
    """A refused edit in words about the field ("Savings must be between 0% and 100%"),
    not the schema's ("Dogs: savings_percent: Input should be less than or equal to 100")."""
    label = field.label
    sentences = []
    for located in message.split("; "):
        part = located.rpartition(": ")[2]  # "<element name>: <where>: <what is wrong>"
        bound = _BOUND.search(part)
        suffix = getattr(editor, "suffix", "")
        if bound and suffix == "%":
            sentences.append(f"{label} must be between 0% and 100%")
        elif bound:
            limit = float(bound.group(3))
            shown = (format_pence(int(limit)) if isinstance(editor, MoneyEditor)
                     else f"{limit:,.0f}" if limit == int(limit) else f"{limit:,}")
            if bound.group(1) == "greater" and limit == 0:
                sentences.append(f"{label} cannot be negative")
            else:
                least = "at least" if bound.group(1) == "greater" else "at most"
                sentences.append(f"{label} must be {least} {shown}{suffix}")
        elif "at least 1 character" in part:
            sentences.append(f"{label} cannot be empty")
        elif "should match pattern" in part and field.key in _PATTERN_HINTS:
            sentences.append(f"{label} {_PATTERN_HINTS[field.key]}")
        else:
            sentences.append(f"{label}: {part[:1].lower()}{part[1:]}")
    return "; ".join(dict.fromkeys(sentences))


# ------------------------------------------------------------ option lists


def force_options(bp: Blueprint) -> Options:
    return [(f"{f.name} ({f.short_code})", f.id) for f in bp.forces]


def optional_force_options(bp: Blueprint) -> Options:
    return [("(none)", None), *force_options(bp)]


def owner_options(bp: Blueprint) -> Options:
    return [*force_options(bp), ("Alliance-wide (joint unit)", ALLIANCE)]


def body_options(bp: Blueprint) -> Options:
    return [("(none)", None), *((b.name, b.id) for b in bp.bodies)]


def area_options(bp: Blueprint) -> Options:
    short = {f.id: f.short_code for f in bp.forces}
    return [(f"{a.name} ({short.get(a.force, a.force)})", a.id) for a in bp.areas]


def function_options(bp: Blueprint) -> Options:
    return [(f.name, f.id) for f in bp.functions]


def role_options(bp: Blueprint) -> Options:
    out: Options = []
    for f in bp.forces:
        out.append((f"PCC, {f.name}", f.pcc_role))
        out.append((f"Chief Constable, {f.name}", f.chief_role))
    return out


def category_options(_bp: Blueprint) -> Options:
    catalogue = load_catalogue()
    return [(f"{catalogue.name_of(e.top)} › {e.name}", e.id) for e in catalogue.functions()]


def year_options(bp: Blueprint) -> Options:
    start = financial_year_start(bp.alliance.start_year)
    return [("(not set)", None), *((financial_year(y), financial_year(y))
                                   for y in range(start - 2, start + 12))]


def delivery_options(_bp: Blueprint) -> Options:
    return [(m.choice, m.key) for m in MODELS.values()]


BODY_KINDS = [("Alliance board", "alliance-board"), ("Joint committee", "joint-committee"),
              ("PCC office", "pcc-office"), ("Chief officer group", "chief-officer-group"),
              ("Other", "other")]


# ------------------------------------------------------------ writers with knock-on effects


def write_delivery(el: Any, value: Any) -> dict[str, Any]:
    """Changing the model fills in what the new model needs (a host for shared)."""
    return delivery_fields(el, value, default_force=_first_force[0])


_first_force: list[str] = [""]  # set before each commit: the default host


def write_partners(el: Any, value: Any) -> dict[str, Any]:
    partners = tuple(value)
    out: dict[str, Any] = {"partners": partners}
    for key in ("host_force", "lead_force"):
        ref = getattr(el, key)
        if partners and ref and ref not in partners:
            out["partners"] = (*partners, ref)  # the host/lead always takes part
    return out


def _applies(force_field: str) -> Callable[[Any], bool]:
    """Whether a function's delivery model names a force in ``force_field``."""
    return lambda el: MODELS[el.delivery].force_field == force_field


def baseline_fields(bp: Blueprint) -> list[Field]:
    """A cost and an FTE field per force, for a function's baseline."""
    out = []
    for f in bp.forces:
        fid = f.id

        def read_cost(el: Any, fid: str = fid) -> Any:
            figures = el.baseline.get(fid)
            return figures.cost_pence if figures else 0

        def read_fte(el: Any, fid: str = fid) -> Any:
            figures = el.baseline.get(fid)
            return figures.fte if figures else 0.0

        def write_cost(el: Any, v: Any, fid: str = fid) -> dict[str, Any]:
            figures = el.baseline.get(fid) or ForceFigures()
            return {"baseline": {**el.baseline,
                                 fid: figures.model_copy(update={"cost_pence": v or 0})}}

        def write_fte(el: Any, v: Any, fid: str = fid) -> dict[str, Any]:
            figures = el.baseline.get(fid) or ForceFigures()
            return {"baseline": {**el.baseline, fid: figures.model_copy(update={"fte": v})}}

        out.append(Field(f"baseline.{fid}.cost", f"{f.short_code} cost", "Baseline",
                         frozenset({"function"}), MoneyEditor, read_cost, write_cost,
                         tip=f"{f.name}'s yearly cost of this function before the alliance"))
        out.append(Field(f"baseline.{fid}.fte", f"{f.short_code} staff", "Baseline",
                         frozenset({"function"}), FteEditor, read_fte, write_fte,
                         tip=f"{f.name}'s officers and staff in this function (FTE)"))
    return out


ALL = {"force", "area", "body", "function", "team"}


def element_fields(bp: Blueprint) -> list[Field]:
    """Every field the inspector can show, in display order."""
    fn = {"function"}
    fields = [
        _field("name", "Name", "General", ALL, TextEditor, multi=False),
        _field("category", "Category", "General", fn, ChoiceEditor, options=category_options),
        _field("delivery", "Delivery", "Delivery", fn, ChoiceEditor, options=delivery_options,
               write=write_delivery, tip="How the alliance delivers this function"),
        _field("host_force", "Hosted by", "Delivery", fn, ChoiceEditor,
               options=optional_force_options, enabled=_applies("host_force"),
               tip="The force that delivers a shared function for its partners"),
        _field("lead_force", "Led by", "Delivery", fn, ChoiceEditor,
               options=optional_force_options, enabled=_applies("lead_force"),
               tip="The force that leads a joint unit"),
        _field("partners", "Partners", "Delivery", fn,
               lambda: MultiChoiceEditor("all forces"), options=force_options,
               write=write_partners, enabled=lambda el: MODELS[el.delivery].pooled,
               tip="Forces taking part; none ticked means all forces"),
        _field("command", "Single command", "Delivery", fn,
               lambda: TextEditor(placeholder="e.g. ACC Protective Services"),
               enabled=lambda el: MODELS[el.delivery].alliance_unit),
        _field("governing_body", "Governed by", "Delivery", fn, ChoiceEditor,
               options=body_options),
        _field("required", "Required", "Delivery", fn,
               lambda: BoolEditor("every policing area must have a provider")),
        *baseline_fields(bp),
        _field("savings_percent", "Savings", "Savings", fn,
               lambda: NumberEditor(suffix="%", placeholder=(
                   "alliance default")),
               tip="Savings as a percentage of baseline; empty uses the alliance default"),
        _field("savings_source", "Savings source", "Savings", fn, TextEditor),
        _field("implementation_cost_pence", "One-off cost", "Savings", fn, MoneyEditor,
               tip="Implementation cost (one-off)"),
        _field("go_live", "Go-live", "Savings", fn, ChoiceEditor, options=year_options),
        # team
        _field("function", "Function", "General", {"team"}, ChoiceEditor,
               options=function_options),
        _field("owner", "Owner", "General", {"team"}, ChoiceEditor, options=owner_options),
        _field("base_area", "Based in", "General", {"team"}, ChoiceEditor,
               options=lambda b: [("(none)", None), *area_options(b)]),
        _field("fte", "Staff", "General", {"team"}, FteEditor),
        _field("serves", "Serves", "General", {"team"},
               lambda: MultiChoiceEditor("the owner's areas"), options=area_options),
        # area
        _field("force", "Force", "General", {"area"}, ChoiceEditor, options=force_options),
        _field("commander", "Local commander", "General", {"area"}, TextEditor),
        _field("population", "Population", "General", {"area", "force"},
               lambda: NumberEditor(integer=True)),
        # force
        _field("short_code", "Short code", "General", {"force"}, TextEditor, multi=False),
        _field("pcc", "PCC", "General", {"force"}, TextEditor,
               tip="Police and Crime Commissioner"),
        _field("chief_constable", "Chief Constable", "General", {"force"}, TextEditor),
        _field("net_budget_pence", "Net budget", "General", {"force"},
               lambda: MoneyEditor(optional=True)),
        _field("officers_fte", "Officers", "General", {"force"},
               lambda: NumberEditor(suffix=" FTE")),
        _field("staff_fte", "Staff", "General", {"force"}, lambda: NumberEditor(suffix=" FTE")),
        _field("colour", "Colour", "General", {"force"}, ColourEditor),
        # body
        _field("kind", "Kind", "General", {"body"}, ChoiceEditor,
               options=lambda _b: BODY_KINDS),
        _field("chairs", "Chaired by", "General", {"body"},
               lambda: MultiChoiceEditor("no chair"), options=role_options),
        _field("members", "Members", "General", {"body"},
               lambda: MultiChoiceEditor("no members"), options=role_options),
        _field("external_members", "Other members", "General", {"body"},
               lambda: ListTextEditor(placeholder="e.g. Wiltshire Council; Swindon Borough"),
               tip="Members who are not force roles, separated by semicolons"),
        # every element
        _field("tags", "Tags", "Notes and source", ALL, TagsEditor),
        _field("source", "Source", "Notes and source", ALL,
               lambda: TextEditor(placeholder="Where the facts or figures come from")),
        _field("illustrative", "Illustrative", "Notes and source", ALL,
               lambda: BoolEditor("figures are estimates, not published data")),
        _field("notes", "Notes", "Notes and source", ALL, NotesEditor),
    ]
    return fields


def alliance_fields(_bp: Blueprint) -> list[Field]:
    al = {"alliance"}

    def read_target(a: Alliance) -> Any:
        return a.savings_target.amount_pence if a.savings_target else None

    def write_target(a: Alliance, v: Any) -> dict[str, Any]:
        if v is None:
            return {"savings_target": None}
        year = a.savings_target.year if a.savings_target else a.start_year
        return {"savings_target": SavingsTarget(amount_pence=v, year=year)}

    def read_target_year(a: Alliance) -> Any:
        return a.savings_target.year if a.savings_target else None

    def write_target_year(a: Alliance, v: Any) -> dict[str, Any]:
        amount = a.savings_target.amount_pence if a.savings_target else 0
        return {"savings_target": SavingsTarget(amount_pence=amount, year=v) if v else None}

    def default(key: str) -> Field:
        """A ``SavingsDefaults`` field (a delivery model's ``savings_key``)."""
        def read(a: Alliance) -> Any:
            return float(getattr(a.savings_defaults, key))

        def write(a: Alliance, v: Any) -> dict[str, Any]:
            data = a.savings_defaults.model_dump()
            data[key] = v if v is not None else 0.0
            return {"savings_defaults": SavingsDefaults.model_validate(data)}

        return Field(f"default.{key}", f"{key.title()} savings", "Savings defaults",
                     frozenset(al), lambda: NumberEditor(suffix="%"), read, write,
                     tip=f"Default savings for a {key} function, as % of its baseline")

    def default_source(key: str | None) -> Field:
        """Where a default comes from (``key``: a savings key), or the common source."""
        def read(a: Alliance) -> Any:
            d = a.savings_defaults
            return d.source if key is None else d.sources.get(key, "")

        def write(a: Alliance, v: Any) -> dict[str, Any]:
            data = a.savings_defaults.model_dump()
            if key is None:
                data["source"] = v or ""
            else:
                data["sources"] = {k: text for k, text in data["sources"].items() if k != key}
                if v:
                    data["sources"][key] = v
            return {"savings_defaults": SavingsDefaults.model_validate(data)}

        if key is None:
            return Field("default_source", "Other defaults", "Savings sources", frozenset(al),
                         lambda: TextEditor(placeholder="Cited by a default without its own"),
                         read, write, tip="Where the savings defaults come from")
        return Field(f"default_source.{key}", f"{key.title()} savings", "Savings sources",
                     frozenset(al), lambda: TextEditor(placeholder="As the other defaults"),
                     read, write, tip=f"Where the default savings for {key} functions "
                     "come from")

    return [
        _field("name", "Alliance", "General", al, TextEditor),
        _field("start_year", "Starts", "General", al, ChoiceEditor,
               options=lambda b: year_options(b)[1:]),
        Field("target", "Savings target", "General", frozenset(al),
              lambda: MoneyEditor(optional=True), read_target, write_target),
        Field("target_year", "Target year", "General", frozenset(al), ChoiceEditor,
              read_target_year, write_target_year, options=year_options),
        *(default(key) for key in dict.fromkeys(m.savings_key for m in MODELS.values())),
        *(default_source(key) for key in dict.fromkeys(m.savings_key
                                                       for m in MODELS.values())),
        default_source(None),
        _field("source", "Source", "Notes and source", al, TextEditor),
        _field("notes", "Notes", "Notes and source", al, NotesEditor),
    ]


class InspectorPanel(QWidget):
    """The contents of the Inspector dock."""

    message = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.title = QLabel(self)
        self.title.setObjectName("inspectorTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("inspectorSubtitle")
        self.subtitle.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("inspectorError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.form_host = QWidget()
        self.form_layout = QVBoxLayout(self.form_host)
        self.form_layout.setContentsMargins(0, 0, 0, 0)
        self.form_layout.setSpacing(8)
        # The heading scrolls with the fields: in a short dock (a small screen) its wrapped
        # lines would otherwise be squeezed over each other.
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(4)
        for label in (self.title, self.subtitle, self.error):
            label.setParent(page)
            page_layout.addWidget(label)
        page_layout.addSpacing(4)
        page_layout.addWidget(self.form_host, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(scroll, 1)

        self.editors: dict[str, Editor] = {}
        self._fields: list[Field] = []
        self._signature: tuple = ()
        self._ids: tuple[str, ...] = ()
        self._kinds: set[str] = set()
        document.selectionChanged.connect(self.refresh)
        document.changed.connect(self._document_changed)
        self.refresh()

    # ------------------------------------------------------------ building

    def _targets(self) -> list[Any]:
        if self._kinds == {"alliance"}:
            return [self.document.blueprint.alliance]
        return [el for i in self._ids if (el := self.document.element(i)) is not None]

    def refresh(self, *_args: Any) -> None:
        doc = self.document
        ids = tuple(i for i in doc.selection() if doc.kind_of(i) in ELEMENT_KINDS)
        self._ids = ids
        self._kinds = {doc.kind_of(i) or "" for i in ids} or {"alliance"}
        bp = doc.blueprint
        if self._kinds == {"alliance"}:
            fields = alliance_fields(bp)
        else:
            fields = [f for f in element_fields(bp) if self._kinds <= f.kinds
                      and (f.multi or len(ids) == 1)]
        signature = (tuple(sorted(self._kinds)), tuple(f.key for f in fields), len(ids) == 1)
        if signature != self._signature:
            self._build(fields)
            self._signature = signature
        self._fields = fields
        self._show_error(None)
        self._fill()

    def _build(self, fields: list[Field]) -> None:
        while self.form_layout.count():
            item = self.form_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:  # hide now: deletion waits for the event loop
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.editors = {}
        box = QWidget(self.form_host)
        form = QFormLayout(box)  # one form, so labels line up across sections
        form.setContentsMargins(0, 0, 0, 4)
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(6)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        section = None
        for field in fields:
            if field.section != section:
                section = field.section
                header = QLabel(section, box)
                header.setObjectName("inspectorSection")
                form.addRow(header)
            editor = field.make()
            editor.setObjectName(f"inspector.{field.key}")
            editor.set_accessible_name(field.label)
            editor.setMinimumWidth(80)  # shrink with a narrow dock instead of scrolling sideways
            if field.tip:
                editor.setToolTip(field.tip)
            editor.committed.connect(lambda value, f=field: self._commit(f, value))
            label = QLabel(literal(field.label) + ":")
            label.setBuddy(editor.focus_widget())
            form.addRow(label, editor)
            self.editors[field.key] = editor
        self.form_layout.addWidget(box)
        self.form_layout.addStretch(1)

    def _fill(self) -> None:
        bp = self.document.blueprint
        targets = self._targets()
        self._set_title(targets)
        for field in self._fields:
            editor = self.editors.get(field.key)
            if editor is None:
                continue
            editor.set_invalid(False)
            if field.options is not None:
                editor.set_options(field.options(bp))
            values = [field.read(t) for t in targets]
            if values and all(v == values[0] for v in values):
                editor.set_value(values[0])
            else:
                editor.set_mixed()
            if field.enabled is not None:
                editor.setEnabled(any(field.enabled(t) for t in targets))

    def _set_title(self, targets: list[Any]) -> None:
        if self._kinds == {"alliance"}:
            self.title.setText(f"<b>{as_html(self.document.blueprint.alliance.name)}</b>")
            self.subtitle.setText("Nothing is selected, so these are the alliance's settings. "
                                  "Select an element on the canvas, matrix or outline to "
                                  "see its details.")
            return
        if len(targets) == 1:
            el = targets[0]
            kind = self.document.kind_of(el.id) or ""
            badge = ""
            if kind == "function":
                colour = delivery_colour(el.delivery)
                partner = partner_of(el)
                who = f" · {MODELS[el.delivery].by} {self._force(partner)}" if partner else ""
                badge = f" <span style='color:{colour}'>■</span> {el.delivery}{who}"
            self.title.setText(f"<b>{as_html(el.name)}</b>")
            detail = f"{KIND_TITLES.get(kind, kind)} · id <code>{as_html(el.id)}</code>{badge}"
            if kind == "function":
                total = sum(f.cost_pence for f in el.baseline.values())
                detail += f"<br>Baseline {format_pence(total)} a year"
                detail += f"<br>{function_summary_html(self.document.blueprint, el.id)}"
            self.subtitle.setText(detail)
            return
        kinds = {self.document.kind_of(t.id) for t in targets}
        what = KIND_PLURALS[kinds.pop()] if len(kinds) == 1 else "elements"
        self.title.setText(f"<b>{len(targets)} {what} selected</b>")
        self.subtitle.setText("Changes apply to all of them at once. Fields that differ "
                              "show (mixed).")

    def _force(self, force_id: str) -> str:
        el = self.document.element(force_id)
        return el.name if el else force_id

    # ------------------------------------------------------------ editing

    def _commit(self, field: Field, value: Any) -> None:
        editor = self.editors.get(field.key)
        if isinstance(value, Exception):
            self._show_error(f"{field.label}: {value}")
            return
        doc = self.document
        bp = doc.blueprint
        _first_force[0] = bp.forces[0].id
        codes = {f.short_code for f in bp.forces}
        try:
            if self._kinds == {"alliance"}:
                new_bp = edits.update_alliance(bp, **field.write(bp.alliance, value))
                touched: frozenset[str] | None = None  # alliance rules may all change
                text = f"Change alliance {in_sentence(field.label, codes)}"
            else:
                new_bp = bp
                for element_id in self._ids:
                    el = edits.find(new_bp, element_id)[2]
                    new_bp = edits.update_element(new_bp, element_id, **field.write(el, value))
                touched = frozenset(self._ids)
                n = len(self._ids)
                what = self.document.element(self._ids[0]).name if n == 1 else f"{n} elements"
                text = f"Change {in_sentence(field.label, codes)} of {what}"
        except (edits.EditError, ValueError) as exc:
            if editor is not None:
                editor.set_invalid(True)
            self._show_error(plain_error(field, str(exc), editor))
            return
        self._show_error(None)
        doc.edit(text, new_bp, touched)

    def _show_error(self, text: str | None) -> None:
        self.error.setVisible(bool(text))
        self.error.setText(text or "")
        if text:
            self.message.emit(text)

    def _document_changed(self, touched: frozenset[str] | None) -> None:
        if touched is None or self._kinds == {"alliance"} or touched.intersection(self._ids):
            self.refresh()

    def edit_field(self, key: str) -> bool:
        """Put the keyboard in one of the shown element's fields, its text selected (after
        adding a blank element the user's next step is naming it)."""
        editor = self.editors.get(key)
        if editor is None:
            return False
        widget = editor.focus_widget()
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        select_all = getattr(widget.focusProxy() or widget, "selectAll", None)
        if callable(select_all):
            select_all()
        return True
