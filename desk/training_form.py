"""The desk's training form: what was typed (to show again), and its check into a plan.

Each part goes through the chat's own rule (handlers/trainings/rules.py); only what a form
adds is checked here: a whole class at once, and communes or places already relied upon.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from multidict import MultiDictProxy

from core.i18n import N_
from core.numbers import parse_number
from core.trainings import STANDARD_TOPICS, moment, place_name
from handlers.trainings import rules
from handlers.trainings.rules import Refused
from knowledge import places
from storage.trainings import Audience, ClassPlan, Topic, Training, TrainingPlan

CLASS_FIELD = re.compile(r"class-([0-9]{1,3})-(id|name|communes|capacity|remove)")
MAX_CLASSES = 100
V = TypeVar("V")
Post = MultiDictProxy[Any]


@dataclass(frozen=True, slots=True)
class Area:
    """Where a training is: a province, or one commune of it (a commune officer's)."""

    province_code: int
    commune_code: int | None

    @property
    def communes(self) -> tuple[places.Place, ...]:
        """The communes its classes may gather."""
        return rules.area_communes(self.province_code, self.commune_code)


@dataclass(slots=True)
class ClassForm:
    """One class's fields, by their row `index` in the form; `id` of an existing class."""

    index: int
    id: int | None = None
    name: str = ""
    communes: tuple[int, ...] = ()
    capacity: str = ""
    remove: bool = False

    def blank(self) -> bool:
        """A new row left empty: no class."""
        return self.id is None and not (self.name.strip() or self.communes
                                        or self.capacity.strip())


@dataclass(slots=True)
class TrainingForm:
    """A training's fields as typed (dates as `dd/mm/yyyy hh:mm`, the chat's way)."""

    title: str = ""
    topics: frozenset[int] = frozenset()
    own_topics: str = ""  # one per line
    starts: str = ""
    ends: str = ""
    venue: str = ""
    audience: str = ""
    classes: list[ClassForm] = field(default_factory=list)


def form_of(training: Training) -> TrainingForm:
    """A stored training's fields, to change them."""
    return TrainingForm(
        title=training.title or "",
        topics=frozenset(item for item in training.topics if isinstance(item, int)),
        own_topics="\n".join(item for item in training.topics if isinstance(item, str)),
        starts=moment(training.starts_at) if training.starts_at else "",
        ends=moment(training.ends_at) if training.ends_at else "",
        venue=training.venue or "", audience=training.audience or "",
        classes=[ClassForm(i, k.id, k.name, k.communes, str(k.capacity or ""))
                 for i, k in enumerate(training.classes)])


def _text(post: Post, name: str) -> str:
    value = post.get(name)
    return value if isinstance(value, str) else ""


def _numbers(post: Post, name: str, high: int) -> tuple[int, ...]:
    found = {parse_number(v, 1, high) for v in post.getall(name, []) if isinstance(v, str)}
    return tuple(sorted(n for n in found if n is not None))


def form_from(post: Post, training: Training | None) -> TrainingForm:
    """The posted fields; class ids that are not the training's own make new classes."""
    return TrainingForm(
        title=_text(post, "title"), topics=frozenset(_numbers(post, "topics",
                                                              len(STANDARD_TOPICS))),
        own_topics=_text(post, "own_topics"), starts=_text(post, "starts"),
        ends=_text(post, "ends"), venue=_text(post, "venue"),
        audience=_text(post, "audience"), classes=_class_forms(post, training))


def _class_forms(post: Post, training: Training | None) -> list[ClassForm]:
    known = {k.id for k in training.classes} if training else set()
    indexes = sorted({int(m[1]) for key in post if (m := CLASS_FIELD.fullmatch(key))})
    forms = []
    for index in indexes[:MAX_CLASSES]:
        prefix = f"class-{index}-"
        class_id = parse_number(_text(post, prefix + "id"))
        forms.append(ClassForm(
            index, class_id if class_id in known else None, _text(post, prefix + "name"),
            _numbers(post, prefix + "communes", 10**9 - 1), _text(post, prefix + "capacity"),
            bool(_text(post, prefix + "remove"))))
    return [form for form in forms if not form.blank()]


class Checker:
    """Collects each field's refusal, by the field's name."""

    def __init__(self) -> None:
        self.errors: dict[str, Refused] = {}

    def take(self, name: str, check: Callable[[], V]) -> V | None:
        try:
            return check()
        except Refused as refused:
            self.errors.setdefault(name, refused)
            return None

    def refuse(self, key: str, msgid: str, /, **values: Any) -> None:
        self.errors.setdefault(key, Refused(msgid, **values))


def check(form: TrainingForm, area: Area, taken: Mapping[int, int], now: datetime
          ) -> tuple[TrainingPlan | None, dict[str, Refused]]:
    """The plan to store, or each field's refusal. `taken`: people attending each class."""
    checker = Checker()
    title = checker.take("title", lambda: rules.title(form.title))
    topics = checker.take("topics", lambda: _topics(form))
    starts = checker.take("starts", lambda: rules.start(form.starts, now))
    ends = checker.take("ends", lambda: rules.end(form.ends, starts) if starts
                        else rules.moment(form.ends))
    venue = checker.take("venue", lambda: rules.line(form.venue, rules.VENUE_LIMIT))
    audience = checker.take("audience", lambda: _audience(form.audience))
    classes = _classes(checker, form.classes, area, taken)
    if checker.errors:
        return None, checker.errors
    assert title is not None and topics is not None and starts is not None
    assert ends is not None and venue is not None and audience is not None
    return TrainingPlan(title, topics, starts, ends, venue, audience, classes), {}


def _topics(form: TrainingForm) -> tuple[Topic, ...]:
    """The ticked standard topics, then one's own (one a line), as the chat takes them."""
    own: list[str] = []
    for line in form.own_topics.splitlines():
        if line.strip():
            value = rules.typed_topic(line, len(own))
            if value not in own:
                own.append(value)
    if not form.topics and not own:
        raise Refused(N_("Tick at least one topic, or type one."))
    return (*sorted(form.topics), *own)


def _audience(value: str) -> Audience:
    if value not in {a.value for a in Audience}:
        raise Refused(N_("Choose whom the training is for."))
    return Audience(value)


def _classes(checker: Checker, forms: list[ClassForm], area: Area,
             taken: Mapping[int, int]) -> tuple[ClassPlan, ...]:
    """The classes kept or added; a commune in one class only; attended ones kept."""
    allowed = {p.code for p in area.communes}
    plans: list[ClassPlan] = []
    owner: dict[int, str] = {}  # commune → the class that gathers it
    for form in forms:
        if form.remove:
            if form.id is not None and taken.get(form.id, 0):
                checker.refuse(f"class-{form.index}", N_(
                    "People attend “{name}”: it cannot be removed."), name=form.name)
            continue
        plan = _class(checker, form, allowed, taken)
        for code in plan.communes if plan else ():
            if code in owner:
                checker.refuse(f"class-{form.index}-communes", N_(
                    "{commune} is already in “{name}”."), name=owner[code],
                    commune=place_name(area.province_code, code))
            owner.setdefault(code, plan.name if plan else "")
        plans += [plan] if plan else []
    present = {form.id for form in forms}  # a removed row says so itself, above
    if any(n for class_id, n in taken.items() if class_id not in present):
        checker.refuse("classes", N_("People attend a class that is missing here: it cannot "
                                     "be removed."))
    return tuple(plans)


def _class(checker: Checker, form: ClassForm, allowed: set[int],
           taken: Mapping[int, int]) -> ClassPlan | None:
    """One class, checked as the chat checks its name and places."""
    key = f"class-{form.index}"
    name = checker.take(f"{key}-name", lambda: rules.line(form.name, rules.CLASS_NAME_LIMIT))
    communes = tuple(code for code in form.communes if code in allowed)
    if not communes:
        checker.refuse(f"{key}-communes", N_("Choose at least one commune for this class."))
    capacity = checker.take(f"{key}-capacity", lambda: rules.capacity(form.capacity))
    attending = taken.get(form.id, 0) if form.id is not None else 0
    if capacity is not None and capacity < attending:
        checker.refuse(f"{key}-capacity", N_(
            "{n} people attend this class already: it needs at least as many places."),
            n=attending)
    if name is None or capacity is None or not communes:
        return None
    return ClassPlan(form.id, name, communes, capacity)
