"""Adoption's writes (policy 二(一)): listing a child, the adopters' applications and their
assessment, the match, the registration that closes the child's care (the children app's
composable leaving, reason "adopted"), the visits after it.

The institution's director and social workers write (ADOPTION_RECORD); the registration,
which closes the file, is the director's (CHILD_LEAVE_CARE). Every step of a child's
adoption moves its `progress_due_on` on (the to-do list's "no progress")."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.care.choices_adoption import (
    AdoptionKind,
    AdoptionState,
    ApplicationState,
    AssessedBy,
    AssessmentOutcome,
    MatchState,
)
from cwis.care.models import AdopterApplication, AdoptionCase, AdoptionFollowUp, AdoptionMatch
from cwis.care.services import rules
from cwis.care.services.rules import add_error
from cwis.care.services.upbringing import add_months, progress_due
from cwis.children.choices import ChildStatus, LeaveReason
from cwis.children.services.internal import leave_care_locked
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import PermissionDeniedError
from cwis.core.permissions import Perm, require
from cwis.core.scoping import ALREADY_CHECKED, get_scoped

APPLICATION_FIELDS = ("kind", "received_on", "applicants", "country", "address", "phone",
                      "household", "child_sought")
ASSESS_FIELDS = ("assessed_by", "assessor_name", "assessed_on", "outcome",
                 "assessment_summary")
MATCH_FIELDS = ("matched_on", "reasons")
REGISTER_FIELDS = ("registration_office", "certificate_number", "registered_on")
FOLLOW_UP_FIELDS = ("visited_on", "findings")
_LINKS = ("child", "institution", "case", "application", "matched_by", "visitor", "match",
          "assessment")

MSG_REQUIRED = _("Fill in this field.")
MSG_NOT_RECOMMENDED = _("Only a child recommended for adoption and not yet listed can be "
                        "listed.")
MSG_NOT_LISTED = _("The child is not listed for adoption, or is already matched.")
MSG_NOT_SUITABLE = _("Only applicants assessed as suitable, and not already matched, can be "
                     "matched with a child.")
MSG_OTHER_INSTITUTION = _("The applicants applied to another institution.")
MSG_COUNTRY = _("Name the country where the applicants live.")
MSG_ASSESSOR_NAME = _("Name the entrusted organisation.")
MSG_ASSESSED_BEFORE = _("The assessment cannot come before the application.")
MSG_NOT_RECEIVED = _("This application has already been assessed or closed.")
MSG_CLOSED_APPLICATION = _("This application is closed.")
MSG_MATCH_NOT_OPEN = _("This match is no longer open.")
MSG_BEFORE_MATCH = _("This date is before the match.")
MSG_BEFORE_RECOMMENDED = _("This date is before the child was recommended for adoption.")
MSG_BEFORE_LISTING = _("This date is before the child was listed.")
MSG_ALREADY_VISITED = _("This visit is already recorded.")
MSG_BEFORE_REGISTRATION = _("This date is before the adoption was registered.")


def _past(errors: dict[str, list], record, *fields: str) -> None:
    for field in fields:
        rules.check_not_future(errors, field, getattr(record, field))


def _require_record(actor: User) -> None:
    require(actor, Perm.ADOPTION_RECORD)


def _step(case: AdoptionCase, actor: User, on: dt.date, state: str) -> None:
    case.state, case.progress_due_on = state, progress_due(on)
    bump_version(case, actor)
    rules.save(case, actor, str(AdoptionState(state).label))


def _open_file(child) -> None:
    if child.status != ChildStatus.IN_CARE:
        raise ValidationError(rules.MSG_FILE_CLOSED, code="file_closed")


# ------------------------------------------------------------------ the child's adoption


@transaction.atomic
def adoption_list(*, actor: User, case_id: int, version: int, listed_on: dt.date
                  ) -> AdoptionCase:
    """List a child recommended for adoption (the child's file is what matches read)."""
    case = get_scoped(AdoptionCase.objects.select_related("child"), actor, pk=case_id,
                      for_update=True)
    _require_record(actor)
    check_version(case, version)
    _open_file(case.child)
    if case.state != AdoptionState.RECOMMENDED:
        raise ValidationError(MSG_NOT_RECOMMENDED, code="not_recommended")
    errors: dict[str, list] = {}
    if listed_on is None:
        add_error(errors, "listed_on", rules.MSG_DATE_REQUIRED)
    else:
        rules.check_not_future(errors, "listed_on", listed_on)
        if listed_on < case.opened_on and "listed_on" not in errors:
            add_error(errors, "listed_on", MSG_BEFORE_RECOMMENDED)
    rules.raise_errors(errors)
    case.listed_on = listed_on
    _step(case, actor, listed_on, AdoptionState.LISTED)
    return case


# ------------------------------------------------------------------------- applications


def _check_application(application: AdopterApplication) -> None:
    errors = rules.record_errors(application, exclude=_LINKS)
    if application.kind == AdoptionKind.INTERCOUNTRY and not application.country:
        add_error(errors, "country", MSG_COUNTRY)
    rules.raise_errors(errors)


@transaction.atomic
def application_record(*, actor: User, data: Mapping[str, Any]) -> AdopterApplication:
    """Receive an application to adopt at the actor's institution."""
    _require_record(actor)
    if actor.institution_id is None:
        raise PermissionDeniedError()
    application = AdopterApplication(institution_id=actor.institution_id)
    rules.assign(application, data, APPLICATION_FIELDS)
    _check_application(application)
    rules.save(application, actor)
    return application


def _locked_application(actor: User, application_id: int, version: int) -> AdopterApplication:
    application = get_scoped(AdopterApplication.objects.all(), actor, pk=application_id,
                             for_update=True)
    _require_record(actor)
    check_version(application, version)
    if application.state in (ApplicationState.ADOPTED, ApplicationState.WITHDRAWN):
        raise ValidationError(MSG_CLOSED_APPLICATION, code="closed")
    return application


@transaction.atomic
def application_update(*, actor: User, application_id: int, version: int,
                       data: Mapping[str, Any], reason: str = "") -> AdopterApplication:
    application = _locked_application(actor, application_id, version)
    rules.assign(application, data, APPLICATION_FIELDS)
    _check_application(application)
    bump_version(application, actor)
    rules.save(application, actor, reason)
    return application


@transaction.atomic
def application_assess(*, actor: User, application_id: int, version: int,
                       data: Mapping[str, Any]) -> AdopterApplication:
    """Record the adopter assessment (收养评估) and its outcome: suitable or not."""
    application = _locked_application(actor, application_id, version)
    if application.state != ApplicationState.RECEIVED:
        raise ValidationError(MSG_NOT_RECEIVED, code="assessed")
    rules.assign(application, data, ASSESS_FIELDS)
    errors = rules.record_errors(application, exclude=_LINKS)
    for field in ("assessed_by", "outcome", "assessment_summary"):
        if not getattr(application, field) and field not in errors:
            add_error(errors, field, MSG_REQUIRED)
    if application.assessed_on is None and "assessed_on" not in errors:
        add_error(errors, "assessed_on", rules.MSG_DATE_REQUIRED)
    elif application.assessed_on and application.assessed_on < application.received_on and (
            "assessed_on" not in errors):
        add_error(errors, "assessed_on", MSG_ASSESSED_BEFORE)
    if application.assessed_by == AssessedBy.ENTRUSTED and not application.assessor_name:
        add_error(errors, "assessor_name", MSG_ASSESSOR_NAME)
    if application.assessed_by == AssessedBy.INSTITUTION:
        application.assessor_name = ""
    rules.raise_errors(errors)
    application.state = (ApplicationState.SUITABLE
                         if application.outcome == AssessmentOutcome.SUITABLE
                         else ApplicationState.UNSUITABLE)
    bump_version(application, actor)
    rules.save(application, actor)
    return application


@transaction.atomic
def application_withdraw(*, actor: User, application_id: int, version: int, reason: str
                         ) -> AdopterApplication:
    application = _locked_application(actor, application_id, version)
    if application.state == ApplicationState.MATCHED:
        raise ValidationError(MSG_CLOSED_APPLICATION, code="matched")
    if not (reason or "").strip():
        raise ValidationError({"reason": [rules.MSG_REASON_REQUIRED]})
    application.state, application.closed_on = ApplicationState.WITHDRAWN, rules.today()
    application.close_note = reason.strip()[:300]
    bump_version(application, actor)
    rules.save(application, actor, application.close_note)
    return application


# ------------------------------------------------------------------------------ matches


@transaction.atomic
def match_make(*, actor: User, case_id: int, application_id: int, data: Mapping[str, Any]
               ) -> AdoptionMatch:
    """Match a listed child with applicants assessed as suitable, with the reasons."""
    case = get_scoped(AdoptionCase.objects.select_related("child"), actor, pk=case_id,
                      for_update=True)
    _require_record(actor)
    application = get_scoped(AdopterApplication.objects.all(), actor, pk=application_id,
                             for_update=True)
    _open_file(case.child)
    if case.state != AdoptionState.LISTED:
        raise ValidationError(MSG_NOT_LISTED, code="not_listed")
    if application.institution_id != case.child.current_institution_id:
        raise ValidationError({"application_id": [MSG_OTHER_INSTITUTION]})
    if application.state != ApplicationState.SUITABLE:
        raise ValidationError({"application_id": [MSG_NOT_SUITABLE]})
    match = AdoptionMatch(case=case, application=application, child=case.child,
                          institution_id=application.institution_id, matched_by=actor)
    rules.assign(match, data, MATCH_FIELDS)
    errors = rules.record_errors(match, exclude=_LINKS)
    if match.matched_on is None and "matched_on" not in errors:
        add_error(errors, "matched_on", rules.MSG_DATE_REQUIRED)
    elif match.matched_on and case.listed_on and match.matched_on < case.listed_on and (
            "matched_on" not in errors):
        add_error(errors, "matched_on", MSG_BEFORE_LISTING)
    _past(errors, match, "matched_on")
    rules.raise_errors(errors)
    rules.save(match, actor)
    application.state = ApplicationState.MATCHED
    bump_version(application, actor)
    rules.save(application, actor)
    _step(case, actor, match.matched_on, AdoptionState.MATCHED)
    return match


def _locked_match(actor: User, match_id: int, version: int) -> AdoptionMatch:
    match = get_scoped(AdoptionMatch.objects.all(), actor, pk=match_id, for_update=True)
    _require_record(actor)
    check_version(match, version)
    if match.state != MatchState.MATCHED:
        raise ValidationError(MSG_MATCH_NOT_OPEN, code="not_open")
    return match


@transaction.atomic
def match_end(*, actor: User, match_id: int, version: int, reason: str) -> AdoptionMatch:
    """The match did not lead to adoption: the child is listed again, the applicants are
    suitable again."""
    match = _locked_match(actor, match_id, version)
    if not (reason or "").strip():
        raise ValidationError({"reason": [rules.MSG_REASON_REQUIRED]})
    today = rules.today()
    match.state, match.ended_on, match.end_reason = MatchState.ENDED, today, reason.strip()[:300]
    bump_version(match, actor)
    rules.save(match, actor, match.end_reason)
    application = get_scoped(AdopterApplication.objects.all(), ALREADY_CHECKED,
                             pk=match.application_id, for_update=True)
    application.state = ApplicationState.SUITABLE
    bump_version(application, actor)
    rules.save(application, actor, match.end_reason)
    case = get_scoped(AdoptionCase.objects.all(), ALREADY_CHECKED, pk=match.case_id,
                      for_update=True)
    if case.state == AdoptionState.MATCHED:
        _step(case, actor, today, AdoptionState.LISTED)
    return match


@transaction.atomic
def adoption_register(*, actor: User, match_id: int, version: int, data: Mapping[str, Any]
                      ) -> AdoptionMatch:
    """Record the adoption registration (office, certificate number, date): the child's
    care closes with the reason "adopted", the visits after it fall due."""
    match = _locked_match(actor, match_id, version)
    require(actor, Perm.CHILD_LEAVE_CARE)
    rules.assign(match, data, REGISTER_FIELDS)
    errors = rules.record_errors(match, exclude=_LINKS)
    for field in ("registration_office", "certificate_number"):
        if not getattr(match, field) and field not in errors:
            add_error(errors, field, MSG_REQUIRED)
    if match.registered_on is None and "registered_on" not in errors:
        add_error(errors, "registered_on", rules.MSG_DATE_REQUIRED)
    elif match.registered_on and match.registered_on < match.matched_on and (
            "registered_on" not in errors):
        add_error(errors, "registered_on", MSG_BEFORE_MATCH)
    _past(errors, match, "registered_on")
    rules.raise_errors(errors)
    from cwis.children.models import Child

    child = get_scoped(Child.objects.all(), ALREADY_CHECKED, pk=match.child_id,
                       for_update=True)
    case = get_scoped(AdoptionCase.objects.all(), ALREADY_CHECKED, pk=match.case_id,
                      for_update=True)
    on = match.registered_on
    match.state = MatchState.REGISTERED
    bump_version(match, actor)
    rules.save(match, actor)
    case.state, case.closed_on, case.progress_due_on = AdoptionState.REGISTERED, on, None
    bump_version(case, actor)
    rules.save(case, actor, str(AdoptionState.REGISTERED.label))
    application = get_scoped(AdopterApplication.objects.all(), ALREADY_CHECKED,
                             pk=match.application_id, for_update=True)
    application.state, application.closed_on = ApplicationState.ADOPTED, on
    bump_version(application, actor)
    rules.save(application, actor)
    try:
        leave_care_locked(actor=actor, child=child, on=on, reason=LeaveReason.ADOPTION,
                          document_number=match.certificate_number,
                          note=match.registration_office)
    except ValidationError as exc:
        raise ValidationError({"registered_on": exc.messages}) from exc
    for months in settings.CWIS_ADOPTION_FOLLOW_UP_MONTHS:
        rules.save(AdoptionFollowUp(match=match, institution_id=match.institution_id,
                                    due_on=add_months(on, months)), actor)
    return match


@transaction.atomic
def follow_up_record(*, actor: User, follow_up_id: int, version: int,
                     data: Mapping[str, Any]) -> AdoptionFollowUp:
    """Record a visit to the adoptive family."""
    follow_up = get_scoped(AdoptionFollowUp.objects.select_related("match"), actor,
                           pk=follow_up_id, for_update=True)
    _require_record(actor)
    check_version(follow_up, version)
    if follow_up.visited_on is not None:
        raise ValidationError(MSG_ALREADY_VISITED, code="visited")
    rules.assign(follow_up, data, FOLLOW_UP_FIELDS)
    errors = rules.record_errors(follow_up, exclude=_LINKS)
    if follow_up.visited_on is None and "visited_on" not in errors:
        add_error(errors, "visited_on", rules.MSG_DATE_REQUIRED)
    elif follow_up.visited_on and follow_up.visited_on < follow_up.match.registered_on and (
            "visited_on" not in errors):
        add_error(errors, "visited_on", MSG_BEFORE_REGISTRATION)
    _past(errors, follow_up, "visited_on")
    if not follow_up.findings and "findings" not in errors:
        add_error(errors, "findings", MSG_REQUIRED)
    rules.raise_errors(errors)
    follow_up.visitor = actor
    bump_version(follow_up, actor)
    rules.save(follow_up, actor)
    return follow_up
