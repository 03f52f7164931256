"""Forms of the protection case pages. They only parse input; the services validate (every
refusal at once, beside its field)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cwis.core.forms import BaseForm, date_field, version_field, with_blank
from cwis.protection.models.cases import (
    Art92Situation,
    EmergencyPlacement,
    Recommendation,
    ReporterKind,
)
from cwis.protection.models.conferences import DepartmentKind

DATETIME_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


def datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))


def text(label, *, required: bool = True, long: bool = True) -> forms.CharField:
    return forms.CharField(label=label, required=required,
                           widget=forms.Textarea if long else forms.TextInput)


class CaseIntakeForm(BaseForm):
    """The intake and the emergency placement (应急处置) of a case."""

    opened_on = date_field(_("Case opened on"))
    situation = forms.ChoiceField(label=_("Situation (Minors Protection Law art. 92)"),
                                  choices=with_blank(Art92Situation.choices))
    reported_by = forms.ChoiceField(label=_("Brought or reported by"),
                                    choices=with_blank(ReporterKind.choices))
    reporter_name = text(_("Name of the person or unit"), required=False, long=False)
    reported_at = datetime_field(_("When reported"))
    circumstances = text(_("Circumstances"))
    police_reference = text(_("Police reference"), required=False, long=False)
    safety_check = text(_("Immediate safety and health check"))
    placement = forms.ChoiceField(label=_("Emergency placement"),
                                  choices=with_blank(EmergencyPlacement.choices))
    placed_at = datetime_field(_("Placed at"))
    placement_note = text(_("Where and with whom"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opened_on"].help_text = _(
            "The first guardianship assessment is due %(days)d days after this date."
        ) % {"days": settings.CWIS_CASE_FIRST_ASSESSMENT_DAYS}
        self.leave_required_to_service()

    def intake_data(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in self.fields if k != "version"}


class CaseEditForm(CaseIntakeForm):
    version = version_field()


class AssessmentForm(BaseForm):
    """A guardianship assessment (监护评估)."""

    assessed_on = date_field(_("Assessed on"))
    assessors = text(_("Who else assessed"), required=False, long=False)
    guardian_situation = text(_("The guardian's situation"))
    guardian_capacity = text(_("The guardian's capacity to care"))
    risks = text(_("Risks"))
    child_views = text(_("The child's views"))
    recommendation = forms.ChoiceField(label=_("Recommendation"),
                                       choices=with_blank(Recommendation.choices))
    recommendation_note = text(_("About the recommendation"), required=False)
    reassess_on = date_field(_("Reassess on"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.leave_required_to_service()


class AssessmentEditForm(AssessmentForm):
    version = version_field()


class ConfirmForm(BaseForm):
    version = version_field()


class ReasonForm(BaseForm):
    reason = text(_("Why you need to open this case"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "Your reason is written to the access log with your name and the time.")
        self.leave_required_to_service()


class CaseFilterForm(BaseForm):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[
        ("open", _("Open")), ("closed", _("Closed"))])
    situation = forms.ChoiceField(label=_("Situation"), required=False,
                                  choices=with_blank(Art92Situation.choices))
    placement = forms.ChoiceField(label=_("Emergency placement"), required=False,
                                  choices=with_blank(EmergencyPlacement.choices))
    overdue = forms.BooleanField(label=_("First assessment overdue"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


PARTICIPANT_ROWS = 6
DECISION_ROWS = 4
_PARTICIPANT_KEYS = ("department", "name", "role")
_DECISION_KEYS = ("action", "department", "responsible", "due_on")


class ConferenceForm(BaseForm):
    """A case conference (个案会商) with rows for participants and decisions; empty rows are
    left out. The service's refusals of a row (`decisions.1.due_on`) come back beside that
    row's input (`rekey`)."""

    held_on = date_field(_("Held on"))
    situation = text(_("Situation discussed"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        departments = with_blank(DepartmentKind.choices)
        for i in range(PARTICIPANT_ROWS):
            self.fields[f"participant_{i}_department"] = forms.ChoiceField(
                label=_("Department"), required=False, choices=departments)
            self.fields[f"participant_{i}_name"] = text(_("Name"), required=False, long=False)
            self.fields[f"participant_{i}_role"] = text(_("Role"), required=False, long=False)
        for i in range(DECISION_ROWS):
            self.fields[f"decision_{i}_action"] = text(_("What is to be done"),
                                                       required=False, long=False)
            self.fields[f"decision_{i}_department"] = forms.ChoiceField(
                label=_("By which department"), required=False, choices=departments)
            self.fields[f"decision_{i}_responsible"] = text(_("Who"), required=False,
                                                            long=False)
            self.fields[f"decision_{i}_due_on"] = date_field(_("By when"), required=False)
        self.leave_required_to_service()
        self.style()
        self._rows: dict[str, list[int]] = {"participants": [], "decisions": []}

    def _collect(self, kind: str, prefix: str, count: int, keys) -> list[dict]:
        rows = []
        for i in range(count):
            row = {k: self.cleaned_data.get(f"{prefix}_{i}_{k}") for k in keys}
            if any(v not in (None, "") for v in row.values()):
                rows.append(row)
                self._rows[kind].append(i)
        return rows

    def participants(self) -> list[dict]:
        return self._collect("participants", "participant", PARTICIPANT_ROWS,
                             _PARTICIPANT_KEYS)

    def decisions(self) -> list[dict]:
        return self._collect("decisions", "decision", DECISION_ROWS, _DECISION_KEYS)

    def rekey(self, exc: ValidationError) -> ValidationError:
        """`participants.0.name` -> the form field of that row (`participant_2_name`)."""
        prefixes = {"participants": "participant", "decisions": "decision"}
        errors = {}
        for key, messages in exc.error_dict.items():
            parts = key.split(".")
            if len(parts) == 3 and parts[0] in prefixes:
                row = self._rows[parts[0]][int(parts[1])]
                key = f"{prefixes[parts[0]]}_{row}_{parts[2]}"
            elif key == "participants":
                key = "participant_0_name"
            errors[key] = messages
        return ValidationError(errors)

    def participant_rows(self) -> list[list]:
        return [[self[f"participant_{i}_{k}"] for k in _PARTICIPANT_KEYS]
                for i in range(PARTICIPANT_ROWS)]

    def decision_rows(self) -> list[list]:
        return [[self[f"decision_{i}_{k}"] for k in _DECISION_KEYS]
                for i in range(DECISION_ROWS)]


class DecisionDoneForm(BaseForm):
    version = version_field()
    done_on = date_field(_("Done on"))
    note = text(_("How it was done"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.leave_required_to_service()
