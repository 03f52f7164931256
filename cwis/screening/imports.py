"""The screening workbook as a kind of import (cwis.core.imports): one row per child seen.

A row is the child's community file: it creates one, or updates the file it matches — the
live file with the row's ID number, else the community file of the same name, birth date
and village — through the registry's own services (`community_register`,
`community_update`), so audit, history and the visit deadline are those of one-by-one
entry. Its key within the campaign is the ID number, or name + birth date + village.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from cwis.children.choices import (
    LIVE_STATUSES,
    ChildStatus,
    DifficultyKind,
    EducationStatus,
    GuardianRelation,
    LeftBehindSituation,
    Sex,
)
from cwis.children.models import Child
from cwis.children.models.child import citizen_id_q
from cwis.children.services import rules
from cwis.core.imports.models import ImportBatch, ImportRow, RowOutcome
from cwis.core.imports.registry import Column, ColumnType, Context, ImportKind, RowCheck
from cwis.core.imports.registry import import_kind as register
from cwis.core.models import Division, DivisionLevel
from cwis.core.permissions import Perm
from cwis.core.scoping import scope
from cwis.protection import services as community
from cwis.screening.models import Campaign, RecordAction, ScreeningRecord

KIND = "screening.community"

MSG_VILLAGE_UNKNOWN = _("No current village has this name or code in the campaign's "
                        "townships: choose one from the drop-down list.")
MSG_VILLAGE_OTHER_COUNTY = _("This village is not in the campaign's county.")
MSG_VILLAGE_NOT_COVERED = _("This village's township is not covered by the campaign.")
MSG_ID_ELSEWHERE = _("This ID number belongs to a file that is not on your community "
                     "registry (in care, or outside your area): register it one by one.")
MSG_SEVERAL_MATCH = _("Several community files have this name, birth date and village: "
                      "register or update this child one by one.")
MSG_DUPLICATE_IMPORT = _("A file with the same name, sex and birth date exists: if it is "
                         "another child, register this one by one and dismiss the duplicate.")

_CHECKED_FIELDS = ("name", "sex", "birth_date", "citizen_id", "registered_on",
                   "home_address", "is_left_behind", "left_behind_situation", "is_orphan",
                   "is_de_facto_unsupported", "is_in_difficulty", "difficulty_kind",
                   "guardian_relation", "guardian_name", "guardian_phone",
                   "education_status", "school_name")
# The service's field names that have no column of their own.
_FIELD_COLUMNS = {"division": "village", "categories": "is_left_behind"}
# Blank in a row that updates a file: keep what the file has.
_KEEP_WHEN_BLANK = ("citizen_id", "home_address", "left_behind_situation", "difficulty_kind",
                    "guardian_name", "guardian_phone", "education_status", "school_name",
                    "guardian_relation")


YES_NO, CHOICE, DATE = ColumnType.YES_NO, ColumnType.CHOICE, ColumnType.DATE
COLUMNS = [
    Column("village", pgettext_lazy("screening column", "Village (residents' committee)"),
           required=True, choices_from="villages", width=26,
           help=_("The village where the child lives, from the drop-down list (or its "
                  "12-digit code).")),
    Column("name", pgettext_lazy("screening column", "Name"), required=True, width=10),
    Column("sex", pgettext_lazy("screening column", "Sex"), type=CHOICE, required=True,
           choices=Sex.choices, width=8),
    Column("birth_date", pgettext_lazy("screening column", "Date of birth"), type=DATE,
           required=True, width=12),
    Column("citizen_id", pgettext_lazy("screening column", "Citizen ID number"), width=21,
           help=_("18 characters; leave empty when the child has none. Type it as text.")),
    Column("registered_on", pgettext_lazy("screening column", "Screened on"), type=DATE,
           width=12, help=_("The date the child was registered; empty: the campaign's end, "
                            "or today.")),
    Column("home_address", pgettext_lazy("screening column", "Home address"), width=24),
    Column("is_left_behind", pgettext_lazy("screening column", "Left-behind child"),
           type=YES_NO, width=10),
    Column("left_behind_situation", pgettext_lazy("screening column", "Why left behind"),
           type=CHOICE, choices=LeftBehindSituation.choices, width=24),
    Column("is_orphan", pgettext_lazy("screening column", "Scattered orphan"), type=YES_NO,
           width=10),
    Column("is_de_facto_unsupported",
           pgettext_lazy("screening column", "De facto unsupported"), type=YES_NO, width=10),
    Column("is_in_difficulty", pgettext_lazy("screening column", "Child in difficulty"),
           type=YES_NO, width=10),
    Column("difficulty_kind", pgettext_lazy("screening column", "Kind of difficulty"),
           type=CHOICE, choices=DifficultyKind.choices, width=24),
    Column("guardian_relation", pgettext_lazy("screening column", "Who looks after the child"),
           type=CHOICE, required=True, choices=GuardianRelation.choices, width=16),
    Column("guardian_name", pgettext_lazy("screening column", "Carer's name"), width=10),
    Column("guardian_phone", pgettext_lazy("screening column", "Carer's telephone"), width=14),
    Column("education_status", pgettext_lazy("screening column", "Schooling"), type=CHOICE,
           choices=EducationStatus.choices, width=16),
    Column("school_name", pgettext_lazy("screening column", "School"), width=18),
]

INSTRUCTIONS = [
    _("One row per child seen in the screening; keep the header row as it is."),
    _("A row updates the child's community file when the ID number, or the name, date of "
      "birth and village, match one; otherwise it registers a new file."),
    _("Upload the filled workbook on the campaign's page: every refused row is listed with "
      "its column; fix the file and upload it again, then import the valid rows."),
    _("Importing the same file twice creates nobody twice."),
]


# ------------------------------------------------------------------------------ context


def campaign_context(batch: ImportBatch) -> Context:
    campaign = Campaign.objects.get(pk=int(batch.target))
    return campaign_context_of(campaign, batch)


def campaign_context_of(campaign: Campaign, batch: ImportBatch | None) -> Context:
    villages = Division.objects.filter(
        level=DivisionLevel.VILLAGE, valid_to__isnull=True,
        parent__code__in=campaign.township_codes, parent__valid_to__isnull=True,
    ).select_related("parent").order_by("code")
    choices = [(v.code, f"{v.parent.name} {v.name}") for v in villages]
    by_label = {label: code for code, label in choices}
    names: dict[str, list[str]] = {}
    for village in villages:
        names.setdefault(village.name, []).append(village.code)
    by_label.update({name: codes[0] for name, codes in names.items() if len(codes) == 1})
    today = timezone.localdate()
    return Context(batch=batch, choices={"villages": choices}, today=today,  # type: ignore[arg-type]
                   extra={"campaign": campaign, "villages": by_label,
                          "codes": {code for code, _label in choices},
                          "registered_on": min(today, campaign.ends_on)})


# -------------------------------------------------------------------------------- check


def _village(context: Context, text: str, errors: list) -> str:
    if not text:
        return ""
    campaign: Campaign = context.extra["campaign"]
    code = context.extra["villages"].get(text) or (text if text.isdigit() else "")
    if code in context.extra["codes"]:
        return code
    if len(code) == 12 and code[:6] != campaign.county_code:
        errors.append(("village", MSG_VILLAGE_OTHER_COUNTY))
    elif len(code) == 12 and code[:9] not in campaign.township_codes:
        errors.append(("village", MSG_VILLAGE_NOT_COVERED))
    else:
        errors.append(("village", MSG_VILLAGE_UNKNOWN))
    return ""


def natural_key(values: dict[str, Any], village: str) -> str:
    """The child within the campaign: the ID number, else name + birth date + village."""
    number = (values.get("citizen_id") or "").strip().upper().replace(" ", "")
    if number:
        return f"id:{number}"
    birth = values.get("birth_date")
    return f"nbv:{values.get('name', '')}|{birth.isoformat() if birth else ''}|{village}"


def _match(context: Context, values: dict[str, Any], village: str) -> Child | None:
    """The file the row updates, or None for a new one; ValidationError when the row's ID
    number belongs to a file the campaign may not update, or several files match."""
    actor = context.batch.owner
    number = (values.get("citizen_id") or "").strip().upper().replace(" ", "")
    if number:
        found = list(Child.objects.filter(citizen_id_q(number), status__in=LIVE_STATUSES)[:2])
        if found:
            mine = scope(Child.objects.filter(pk=found[0].pk,
                                              status=ChildStatus.IN_COMMUNITY), actor).first()
            if mine is None:
                raise ValidationError({"citizen_id": [MSG_ID_ELSEWHERE]})
            return mine
    same = list(scope(Child.objects.filter(
        status=ChildStatus.IN_COMMUNITY, name=values["name"], birth_date=values["birth_date"],
        division_code=village), actor)[:2])
    if len(same) > 1:
        raise ValidationError({"name": [MSG_SEVERAL_MATCH]})
    if same and number and same[0].citizen_id and same[0].citizen_id != number:
        return None  # another child of the same name and birthday: the duplicate check says
    return same[0] if same else None


def row_check(context: Context, values: dict[str, Any], cell_errors: list) -> RowCheck:
    errors = list(cell_errors)
    village = _village(context, values.get("village", ""), errors)
    birth = values.get("birth_date")
    check = RowCheck(key=natural_key(values, village), errors=errors, division_code=village,
                     label=f"{values.get('name', '')} {birth.isoformat() if birth else ''}")
    if errors:
        return check
    try:
        child = _match(context, values, village)
        community.community_check(actor=context.batch.owner, data=_data(context, values,
                                                                       village, child),
                                  child=child)
    except rules.PossibleDuplicateError:
        errors.append(("name", MSG_DUPLICATE_IMPORT))
    except ValidationError as exc:
        errors.extend(_column_errors(exc))
    else:
        check.target_id = child.pk if child is not None else None
    return check


def _column_errors(exc: ValidationError) -> list[tuple[str, Any]]:
    if not hasattr(exc, "error_dict"):
        return [("", message) for message in exc.messages]
    return [(_FIELD_COLUMNS.get(field, field), message)
            for field, messages in exc.message_dict.items() for message in messages]


def _data(context: Context, values: dict[str, Any], village: str,
          child: Child | None) -> dict[str, Any]:
    """What the registry's service takes: the whole row for a new file; for an update, the
    row without its blank cells (they keep the file's values) nor its registration date."""
    data = {field: values.get(field) for field in _CHECKED_FIELDS}
    data["citizen_id"] = (data["citizen_id"] or "").strip().upper().replace(" ", "")
    if child is None:
        data["registered_on"] = data["registered_on"] or context.extra["registered_on"]
        data["division"] = village
        return {k: ("" if v is None and k in _KEEP_WHEN_BLANK else v) for k, v in data.items()}
    data.pop("registered_on")
    data = {k: v for k, v in data.items() if not (k in _KEEP_WHEN_BLANK and v in ("", None))}
    if village != child.division_code:
        data["division"] = village
    return data


# -------------------------------------------------------------------------------- apply


def _decoded(row: ImportRow) -> dict[str, Any]:
    values = dict(row.data)
    for field in ("birth_date", "registered_on"):
        if values.get(field):
            values[field] = dt.date.fromisoformat(values[field])
    return values


def row_apply(context: Context, row: ImportRow) -> str:
    actor = context.batch.owner
    values = _decoded(row)
    child = _match(context, values, row.division_code)
    data = _data(context, values, row.division_code, child)
    if child is None:
        child = community.community_register(actor=actor, data=data)
        outcome, action = RowOutcome.CREATED, RecordAction.CREATED
    else:
        changes = {k: v for k, v in data.items()
                   if (child.division_code if k == "division" else getattr(child, k)) != v}
        outcome, action = RowOutcome.UNCHANGED, RecordAction.SEEN
        if changes:
            child = community.community_update(actor=actor, child_id=child.pk,
                                               version=child.version, data=changes)
            outcome = RowOutcome.UPDATED
    ScreeningRecord.objects.get_or_create(
        campaign=context.extra["campaign"], child=child,
        defaults={"division_code": child.division_code, "action": action,
                  "batch": context.batch})
    row.target_id = child.pk
    return outcome


def _template_name(context: Context) -> str:
    name = pgettext("import file name", "screening")
    return f"{name}-{context.extra['campaign'].name}"


SCREENING_IMPORT = register(ImportKind(
    name=KIND, label=_("Screening campaign workbook (摸底排查)"), perm=Perm.SCREENING_RUN,
    columns=COLUMNS, context=campaign_context, check=row_check, apply=row_apply,
    instructions=INSTRUCTIONS, template_name=_template_name,
))
