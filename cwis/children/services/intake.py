"""Opening a child's file: an institution receives a child (收留抚养)."""

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus, IntakeCategory, PlacementKind
from cwis.children.legal import LEGAL_BASES
from cwis.children.models import Child, Intake, Placement
from cwis.children.services import deadlines, rules
from cwis.core.history import record_change
from cwis.core.permissions import Perm, require
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.institutions.models import Institution


@transaction.atomic
def child_register(
    *,
    actor: User,
    institution_id: int,
    intake_on: dt.date,
    intake_category: str,
    legal_basis: str,
    data: Mapping[str, Any],
    legal_basis_note: str = "",
    received_from: str = "",
    intake_note: str = "",
    bed: str = "",
    dismissed_duplicates: Collection[int] = (),
) -> Child:
    """Open the file of a child an institution receives (收留抚养).

    `data` holds the file's fields (`EDITABLE_FIELDS`). Refuses an ID number that already
    has a live file; raises `PossibleDuplicateError` while files with the same name, sex and
    birth date (or the same finding) are not in `dismissed_duplicates`.
    """
    require(actor, Perm.CHILD_REGISTER)
    errors: dict[str, list] = {}  # every refusal at once
    institution = rules.institution_checked(actor, institution_id, errors)
    today = rules.today()
    child = Child(current_institution=institution,
                  division_code=institution.division_code if institution else "",
                  status=ChildStatus.IN_CARE)
    rules.assign(child, data, errors)
    intake = intake_new(institution, intake_on=intake_on, category=intake_category,
                        legal_basis=legal_basis, legal_basis_note=legal_basis_note,
                        received_from=received_from, note=intake_note)
    intake_errors(intake, today, errors)
    rules.check_legal_basis(intake, child.guardian_kind, errors)
    rules.merge_errors(errors, rules.file_errors(child, intake=intake, today=today))
    rules.id_unique_errors(child, errors)
    rules.raise_errors(errors)
    dismissed = rules.duplicates_check(actor=actor, child=child, dismissed=dismissed_duplicates)

    rules.child_save(child, actor=actor)
    intake_record(child, intake, actor=actor, bed=bed, today=today)
    rules.duplicates_dismiss(actor=actor, child=child, others=dismissed)
    return child


def intake_errors(intake: Intake, today: dt.date, errors: dict[str, list]) -> None:
    """The intake's own date and category: given, and not in the future."""
    if intake.intake_on is None:
        rules.add_error(errors, "intake_on", rules.MSG_DATE_REQUIRED)
    elif intake.intake_on > today:
        rules.add_error(errors, "intake_on", MSG_DATE_FUTURE)
    if intake.category not in IntakeCategory.values:
        rules.add_error(errors, "intake_category", rules.MSG_CHOOSE)


def intake_new(institution: Institution | None, *, intake_on: dt.date, category: str,
               legal_basis: str, legal_basis_note: str = "", received_from: str = "",
               note: str = "") -> Intake:
    """An unsaved intake, for the rules to check before anything is written."""
    return Intake(institution=institution, intake_on=intake_on, category=category,
                  legal_basis=legal_basis or "", legal_basis_note=(legal_basis_note or "").strip(),
                  received_from=(received_from or "").strip(), note=(note or "").strip())


def intake_save(child: Child, intake: Intake, *, actor: User) -> None:
    """Save a checked intake of the saved `child` with the text of its legal basis as in
    force (a later revision never rewrites it)."""
    basis = LEGAL_BASES[intake.legal_basis]
    intake.child = child
    intake.legal_basis_law, intake.legal_basis_version = basis.law, basis.version
    intake.legal_basis_article, intake.legal_basis_item = basis.article, basis.item
    intake.legal_basis_text = basis.text
    record_change(intake, actor)
    intake.save()


def intake_record(child: Child, intake: Intake, *, actor: User, bed: str,
                  today: dt.date) -> Placement:
    """Write a checked intake of the saved `child`: the intake with the text of its legal
    basis as in force, the placement it opens, and the deadlines it starts."""
    intake_save(child, intake, actor=actor)
    placement = Placement(child=child, institution=intake.institution,
                          kind=PlacementKind.INSTITUTION, bed=bed.strip(),
                          started_on=intake.intake_on, start_reason=str(_("Intake")))
    record_change(placement, actor)
    placement.save()
    deadlines.intake_deadlines(child, intake, actor=actor)
    deadlines.deadlines_refresh(child, actor=actor, today=today)
    return placement
