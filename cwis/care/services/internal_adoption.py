"""Closing the upbringing assessment and adoption with the child's file (registered with
cwis.children.services.closing from hooks.py). No role or scope check: the closing service
has checked once and holds the child's row locked."""

import datetime as dt

from cwis.accounts.models import User
from cwis.care.choices_adoption import (
    AdoptionState,
    ApplicationState,
    MatchState,
    UpbringingCloseReason,
    UpbringingStatus,
)
from cwis.care.models import AdopterApplication, AdoptionCase, AdoptionMatch, UpbringingAssessment
from cwis.care.services import rules
from cwis.care.services.internal import MSG_CLOSED_WITH_FILE
from cwis.care.services.upbringing import close
from cwis.children.models import Child
from cwis.core.concurrency import bump_version


def upbringing_close_with_file(*, child: Child, on: dt.date, actor: User) -> None:
    """Open assessments close (left care); an adoption not registered is withdrawn and its
    open match ends, the applicants becoming suitable again."""
    note = str(MSG_CLOSED_WITH_FILE)
    for assessment in UpbringingAssessment.objects.select_for_update().filter(
            child=child, status__in=(UpbringingStatus.PENDING, UpbringingStatus.CONFIRMED)):
        close(assessment, on=on, why=UpbringingCloseReason.LEFT_CARE, actor=actor)
    for match in AdoptionMatch.objects.select_for_update().filter(child=child,
                                                                   state=MatchState.MATCHED):
        match.state, match.ended_on, match.end_reason = MatchState.ENDED, on, note
        bump_version(match, actor)
        rules.save(match, actor, note)
        application = AdopterApplication.objects.select_for_update().get(
            pk=match.application_id)
        application.state = ApplicationState.SUITABLE
        bump_version(application, actor)
        rules.save(application, actor, note)
    for case in AdoptionCase.objects.select_for_update().filter(
            child=child, state__in=(AdoptionState.RECOMMENDED, AdoptionState.LISTED,
                                    AdoptionState.MATCHED)):
        case.state, case.closed_on, case.close_note = AdoptionState.WITHDRAWN, on, note
        case.progress_due_on = None
        bump_version(case, actor)
        rules.save(case, actor, note)
