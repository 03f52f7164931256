"""Every read of children's files, already scoped to the actor (DESIGN.md rule 1)."""

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.db.models.lookups import Exact
from django.utils.translation import gettext as _
from pypinyin import Style, pinyin

from cwis.accounts.models import User
from cwis.children.choices import LIVE_STATUSES, REQUIRED_DOCUMENTS
from cwis.children.models import (
    CATEGORY_FIELDS,
    Child,
    ChildDeadline,
    ChildDocument,
    DuplicateDismissal,
    Intake,
    Placement,
    citizen_id_q,
)
from cwis.children.names import MAX_PINYIN, syllables_of
from cwis.core.errors import NotFoundError, PermissionDeniedError
from cwis.core.history import HistoryEntry, history_entries
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import actor_prefix, get_scoped, scope

FILTER_KEYS = ("q", "status", "category", "institution", "sex", "birth_from", "birth_to",
               "division", "disability", "residence")
# A whole ID number (17 digits and a digit or X): the only number a search accepts. Any
# other string of digits (a prefix, the last digits) finds nothing, so a list cannot be
# used to guess a number digit by digit, nor to confirm one the actor may not see.
_FULL_ID = re.compile(r"^\d{17}[\dX]$")
_DIGITS = re.compile(r"^\d+X?$")
_PINYIN_QUERY = re.compile(r"^[a-z]+$")
MAX_DUPLICATES = 20


def _may_view(actor: User) -> bool:
    return has_perm(actor, Perm.CHILD_VIEW)


# The orders a list may be sorted in, each served by an index within a province or the
# country (models/child.py); a county's or a prefecture's files are sorted in memory.
ORDERS = {
    "name": ("name_pinyin", "id"), "-name": ("-name_pinyin", "-id"),
    "birth": ("birth_date", "id"), "-birth": ("-birth_date", "-id"),
    "registered": ("registered_on", "id"), "-registered": ("-registered_on", "-id"),
}


def child_list(*, actor: User, filters: Mapping[str, Any] | None = None,
               order: str = "") -> QuerySet[Child]:
    """Files the actor may see, filtered. `q` is a name fragment, full pinyin or pinyin
    initials (prefix), the given name's pinyin, or a whole ID number (exact match, only for
    roles that may see ID numbers). `order` is a key of ORDERS (the name by default)."""
    if not _may_view(actor):
        return Child.objects.none()
    filters = filters or {}
    children = scope(Child.objects.select_related("current_institution"), actor)
    if order in ORDERS:
        children = children.order_by(*ORDERS[order])
    children = _search(children, str(filters.get("q") or ""), narrow=_narrow(actor),
                       id_numbers=has_perm(actor, Perm.CHILD_VIEW_ID_NUMBER))
    for key, lookup in (("status", "status"), ("sex", "sex"),
                        ("institution", "current_institution_id"),
                        ("birth_from", "birth_date__gte"), ("birth_to", "birth_date__lte"),
                        ("division", "division_code__startswith"),
                        ("disability", "disability_type")):
        if filters.get(key):
            children = children.filter(**{lookup: filters[key]})
    if filters.get("residence"):
        # Where the child lives now: the kind of its open placement.
        children = children.filter(
            placements__ended_on__isnull=True, placements__kind=filters["residence"]
        )
    return _category(children, filters.get("category") or "")


def _narrow(actor: User) -> bool:
    """Does the actor see a county or less (a few thousand files)? Reading those is cheaper
    than any country-wide search index."""
    prefix = actor_prefix(actor)
    return prefix is not None and (len(prefix) >= 6 or actor.institution_id is not None)


def _search(children: QuerySet[Child], q: str, *, narrow: bool = False,
            id_numbers: bool = False) -> QuerySet[Child]:
    q = q.strip().replace(" ", "")
    if not q:
        return children
    if _FULL_ID.match(q.upper()) and id_numbers:
        return children.filter(citizen_id_q(q.upper()))
    if _DIGITS.match(q.upper()):
        return children.none()
    if _PINYIN_QUERY.match(q.lower()):
        q = q.lower()
        if narrow:  # compared without the country-wide prefix indexes (no index on these)
            return children.filter(Q(Exact(Substr("name_initials", 1, len(q)), q))
                                   | Q(Exact(Substr("name_pinyin", 1, len(q)), q))
                                   | Q(Exact(Substr("given_pinyin", 1, len(q)), q)))
        return _search_pinyin(children, q)
    names = Q(name__contains=q) | Q(former_names__contains=q)
    variants = fragment_pinyin_variants(q)
    if narrow or variants is None or all(len(v) < TRIGRAM for v in variants):
        # A spelling shorter than a trigram gives the index nothing to look up: it would
        # read the whole index (可 = ke took 17.8 s nationally).
        return children.filter(names)
    # The pinyin condition is implied by the name condition; it is there for PostgreSQL's
    # trigram index on search_pinyin (migration 0005), which a two-character fragment of a
    # Chinese name cannot use by itself.
    pinyin = Q()
    for variant in variants:
        pinyin |= Q(search_pinyin__contains=variant)
    return children.filter(pinyin, names)


MAX_PINYIN_VARIANTS = 8
TRIGRAM = 3
# Beyond a county, a given name is matched whole and only from this length (a shorter
# spelling is an initials or surname search); within one, any prefix of it matches.
GIVEN_NAME_MIN = 4


def fragment_pinyin_variants(fragment: str) -> list[str] | None:
    """Every pinyin spelling the fragment can have inside a name's pinyin (heteronyms: 曾 is
    zeng or ceng), or None when a character has no pinyin or there are too many spellings."""
    syllables: list[list[str]] = []
    for readings in pinyin(fragment, style=Style.NORMAL, heteronym=True, errors="default"):
        cleaned = {"".join(ch for ch in r.lower() if ch.isascii() and ch.isalnum())
                   for r in readings}
        cleaned.discard("")
        if not cleaned:
            return None
        syllables.append(sorted(cleaned))
    variants = [""]
    for options in syllables:
        variants = [v + o for v in variants for o in options]
        if len(variants) > MAX_PINYIN_VARIANTS:
            return None
    return variants


def _search_pinyin(children: QuerySet[Child], q: str) -> QuerySet[Child]:
    """Full pinyin or initials, as a prefix (the varchar_pattern_ops indexes serve both).

    The matches of a prefix sit together in the list order (name_pinyin), so PostgreSQL's
    estimate "walk the list in order and stop at the page" went wrong: 'zhh' made it read
    341,000 rows to reach the z's. A name's initials and its
    pinyin start with the same letter, so the search also says which letter range of the
    list order holds every match: the planner then walks only that range (common prefixes)
    or fetches the few matches by index and sorts them (rare ones).
    """
    # Letters only on both sides of each bound: collations agree on their order.
    in_range = Q(name_pinyin__gte=q[0])
    if q[0] != "z":
        in_range &= Q(name_pinyin__lt=chr(ord(q[0]) + 1))
    if len(q) == 1:
        return children.filter(in_range)
    found = in_range & (Q(name_initials__startswith=q) | Q(name_pinyin__startswith=q))
    if len(q) >= GIVEN_NAME_MIN:
        # A whole given name (xiaohua finds 李晓花): an equality the given-name index serves,
        # however common the spelling's first letters are in the country's list.
        found |= Q(given_pinyin=q)
    return children.filter(found)


def _category(children: QuerySet[Child], category: str) -> QuerySet[Child]:
    if category == "disability":
        return children.exclude(disability_type="")
    if category in CATEGORY_FIELDS:
        return children.filter(**{CATEGORY_FIELDS[category]: True})
    return children


def child_get(*, actor: User, child_id: int) -> Child:
    """One file in the actor's scope; NotFoundError otherwise (also for roles that may not
    see children at all)."""
    if not _may_view(actor):
        raise NotFoundError()
    return get_scoped(
        Child.objects.select_related("current_institution", "hukou_division", "merged_into"),
        actor,
        pk=child_id,
    )


def child_intakes(*, child: Child) -> QuerySet[Intake]:
    return child.intakes.select_related("institution").order_by("-intake_on", "-id")


def child_placements(*, child: Child) -> QuerySet[Placement]:
    return child.placements.select_related("institution", "family_residence").order_by(
        "-started_on", "-id"
    )


def child_documents(*, child: Child) -> QuerySet[ChildDocument]:
    return child.documents.order_by("kind", "-id")


def child_document_get(*, actor: User, child_id: int, document_id: int) -> ChildDocument:
    child = child_get(actor=actor, child_id=child_id)
    document = child.documents.filter(pk=document_id).first()
    if document is None:
        raise NotFoundError()
    return document


def child_deadlines(*, child: Child) -> QuerySet[ChildDeadline]:
    return child.deadlines.order_by("closed_on", "due_on")


def child_open_deadlines(*, child: Child, today: dt.date) -> list[ChildDeadline]:
    """Deadlines still waiting, from the day each is shown (turning 18: months ahead)."""
    return list(child.deadlines.filter(closed_on__isnull=True, visible_from__lte=today)
                .order_by("due_on"))


def child_missing_documents(*, child: Child, intake: Intake | None = None) -> list[str]:
    """Document kinds the intake category requires that the file does not hold."""
    intake = intake or child.intakes.order_by("-intake_on", "-id").first()
    if intake is None:
        return []
    required = REQUIRED_DOCUMENTS.get(intake.category, ())
    present = set(
        child.documents.filter(withdrawn_reason="").values_list("kind", flat=True)
    )
    return [kind for kind in required if kind not in present]


@dataclass
class DuplicateResult:
    candidates: list[Child]  # live files in the actor's scope
    # A live file outside the actor's scope holds exactly this ID number. That much a
    # registration needs (the number would be refused); about other jurisdictions nothing
    # else is told: no counts of name, sex and birth-date matches, which made the check an
    # oracle for whether any child is on file anywhere in the country.
    id_number_elsewhere: bool = False


def child_duplicates(
    *,
    actor: User,
    name: str = "",
    sex: str = "",
    birth_date: dt.date | None = None,
    found_on: dt.date | None = None,
    found_place: str = "",
    citizen_id: str = "",
    exclude_id: int | None = None,
) -> DuplicateResult:
    """Live files in the actor's scope that may be the same child: same ID number, same
    name (or the same pinyin of it) + sex + birth date, or the same finding (date and
    place); and whether a live file outside the scope holds the same ID number."""
    condition = Q()
    if name.strip() and sex and birth_date:
        condition |= Q(name=name.strip(), sex=sex, birth_date=birth_date)
        # Homophones and other characters of the same sound: 李晓花 and 李小花 both read
        # lixiaohua (the scan of cwis.partners.quality_rules matches the same way).
        pinyin = "".join(syllables_of(name.strip()))[:MAX_PINYIN]
        if pinyin:
            condition |= Q(name_pinyin=pinyin, sex=sex, birth_date=birth_date)
    if found_on and found_place.strip():
        condition |= Q(found_on=found_on, found_place=found_place.strip())
    number = citizen_id.strip().upper()
    if number:
        condition |= citizen_id_q(number)
    if not condition:
        return DuplicateResult([])
    matches = Child.objects.filter(condition, status__in=LIVE_STATUSES)
    if exclude_id:
        matches = matches.exclude(pk=exclude_id)
    visible = scope(matches, actor) if _may_view(actor) else matches.none()
    candidates = list(visible.select_related("current_institution")[:MAX_DUPLICATES])
    elsewhere = bool(number) and matches.filter(citizen_id_q(number)).exclude(
        pk__in=visible.values("pk")).exists()
    return DuplicateResult(candidates, elsewhere)


def duplicate_check(*, actor: User, **identity: Any) -> DuplicateResult:
    """`child_duplicates` for a registration about to be made (the API's duplicate check):
    only for roles that register children, in care or in the community."""
    if not (has_perm(actor, Perm.CHILD_REGISTER) or has_perm(actor, Perm.COMMUNITY_REGISTER)):
        raise PermissionDeniedError()
    return child_duplicates(actor=actor, **identity)


def child_possible_duplicates(*, actor: User, child: Child) -> list[Child]:
    """Possible duplicates of an existing file that nobody has dismissed yet."""
    found = child_duplicates(
        actor=actor, name=child.name, sex=child.sex, birth_date=child.birth_date,
        found_on=child.found_on, found_place=child.found_place, citizen_id=child.citizen_id,
        exclude_id=child.pk,
    )
    dismissed = set(
        DuplicateDismissal.objects.filter(Q(child=child) | Q(other=child)).values_list(
            "child_id", "other_id"
        )
    )
    dismissed_ids = {i for pair in dismissed for i in pair} - {child.pk}
    return [c for c in found.candidates if c.pk not in dismissed_ids]


# ------------------------------------------------------------------------------ history

# Search columns follow the name: a change of name already says it.
_HISTORY_SKIP = ("name_pinyin", "name_initials", "search_pinyin")


@dataclass(frozen=True)
class HistoryRow:
    """One changed field (or one created record) of the file's history, as the API gives it."""

    at: dt.datetime
    user: str
    kind: str  # child, intake, placement, document, deadline
    object_id: int
    record: str  # what the kind and object are called, for people
    change: str  # "created" or "changed", translated
    field: str
    old: str
    new: str
    reason: str


@dataclass(frozen=True)
class FileChange:
    """One entry of the file's history with the record it changed."""

    kind: str  # child, intake, placement, document, deadline
    object_id: int
    entry: HistoryEntry


def child_history(*, actor: User, child_id: int) -> list[FileChange]:
    """Who changed what on the file, newest first: the file itself, files merged into it,
    and what hangs on it (intakes, placements, documents, deadlines)."""
    child = child_get(actor=actor, child_id=child_id)
    ids = [child.pk, *Child.objects.filter(merged_into=child).values_list("pk", flat=True)]

    def file_label(record) -> str:
        if record.id == child.pk:
            return _("File")
        return _("Merged file #%(id)s") % {"id": record.id}

    sources = [
        ("child", Child.history.filter(id__in=ids), file_label),
        ("intake", Intake.history.filter(child_id__in=ids), lambda r: _("Intake")),
        ("placement", Placement.history.filter(child_id__in=ids), lambda r: _("Placement")),
        ("document", ChildDocument.history.filter(child_id__in=ids),
         lambda r: _("Document: %(kind)s") % {"kind": r.get_kind_display()}),
        ("deadline", ChildDeadline.history.filter(child_id__in=ids),
         lambda r: _("Deadline: %(kind)s") % {"kind": r.get_kind_display()}),
    ]
    changes: list[FileChange] = []
    for kind, records, label in sources:
        ordered = records.select_related("history_user").order_by("id", "history_date",
                                                                   "history_id")
        for object_id, rows in groupby(ordered, key=lambda r: r.id):
            changes += [FileChange(kind, object_id, entry)
                        for entry in history_entries(rows, label=label, skip=_HISTORY_SKIP)]
    changes.sort(key=lambda change: change.entry.when, reverse=True)
    return changes


def child_history_rows(*, actor: User, child_id: int) -> list[HistoryRow]:
    """The file's history one changed field a row (the API's shape)."""
    rows: list[HistoryRow] = []
    for change in child_history(actor=actor, child_id=child_id):
        e = change.entry
        base = {"at": e.when, "user": e.user, "kind": change.kind,
                "object_id": change.object_id, "record": e.record, "reason": e.reason}
        if e.created:
            rows.append(HistoryRow(**base, change=_("created"), field="", old="", new=""))
        rows += [HistoryRow(**base, change=_("changed"), field=c.field, old=_blank(c.old),
                            new=_blank(c.new)) for c in e.changes]
    return rows


def _blank(value: str) -> str:
    # The API has always given an empty value as "" (history_entries shows "—").
    return "" if value == "—" else value


def child_id_number_for(*, actor: User, child: Child) -> str:
    """The ID number whole for roles that need it, masked (mask_citizen_id) for the rest."""
    if has_perm(actor, Perm.CHILD_VIEW_ID_NUMBER):
        return child.citizen_id
    return child.citizen_id_masked


@dataclass(frozen=True)
class ChildActions:
    """What the actor may do to this file, for showing buttons. The services check again."""

    edit: bool
    correct: bool
    leave: bool
    move: bool
    add_document: bool


def child_actions(*, actor: User, child: Child) -> ChildActions:
    in_care = child.status == "in_care"
    # A community file (in_community, off_register) is changed through the community
    # registry's own pages (cwis.protection), never through the institution's actions.
    live = child.status in ("in_care", "left_care")
    correct = live and has_perm(actor, Perm.CHILD_CORRECT)
    return ChildActions(
        edit=(in_care and has_perm(actor, Perm.CHILD_EDIT)) or (not in_care and correct),
        correct=correct,
        leave=in_care and has_perm(actor, Perm.CHILD_LEAVE_CARE),
        move=in_care and has_perm(actor, Perm.CHILD_EDIT),
        add_document=(in_care and has_perm(actor, Perm.CHILD_EDIT))
        or (live and not in_care and (correct or has_perm(actor, Perm.CHILD_LEAVE_CARE))),
    )


# The overdue deadlines an office above the county reads as counts per area (DESIGN.md
# rule 6), in three groups: the paperwork of children in care, turning 18, community visits.
DEADLINE_GROUPS: dict[str, tuple[str, ...]] = {
    "paperwork": ("search_notice", "identity_insurance", "intake_documents"),
    "turns_18": ("turns_18",),
    "visits": ("community_visit", "community_follow_up"),
}


def overdue_deadlines_by_area(*, actor: User, today: dt.date, width: int
                              ) -> dict[str, dict[str, int]]:
    """{area prefix: {group: overdue open deadlines}} for the areas (division-code prefixes
    of `width` digits) under the actor's jurisdiction, in one aggregate query."""
    if not _may_view(actor):
        return {}
    deadlines = scope(ChildDeadline.objects.filter(closed_on__isnull=True, due_on__lt=today),
                      actor)
    rows = (deadlines.annotate(area=Substr("child__division_code", 1, width))
            .values("area", "kind").annotate(n=Count("id")).order_by())
    group_of = {kind: group for group, kinds in DEADLINE_GROUPS.items() for kind in kinds}
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        area = counts.setdefault(row["area"], dict.fromkeys(DEADLINE_GROUPS, 0))
        area[group_of.get(row["kind"], "paperwork")] += row["n"]
    return counts
