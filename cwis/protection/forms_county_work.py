"""Forms of the pages around the cases: direct registration of a child for a case, policy
talks, township workstations and guidance visits. They only parse input; the services
validate (every refusal at once, beside its field)."""

from django import forms
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cwis.children.choices import Sex
from cwis.children.models import Child
from cwis.core.forms import (
    DATE,
    BaseForm,
    date_field,
    id_number_input,
    place_field,
    version_field,
    with_blank,
)
from cwis.protection.models.county_work import AudienceKind, WorkstationStatus
from cwis.protection.services import DIRECT_FIELDS

# ------------------------------------------------------------- direct registration

DIRECT_SECTIONS = [
    (_("Where the child was found or lives"),
     ["division", "registered_on", "found_on", "found_place", "found_circumstances",
      "police_case_number"]),
    (_("Identity"), ["name", "sex", "birth_date", "birth_date_estimated", "citizen_id",
                     "ethnicity", "former_names", "hukou_address", "is_parents_not_found"]),
    (_("Family, when known"), ["guardian_relation", "guardian_name", "guardian_phone",
                               "home_address"]),
    (_("Health"), ["health_summary"]),
]
DIRECT_MODEL_FIELDS = [n for _t, names in DIRECT_SECTIONS for n in names
                       if n in DIRECT_FIELDS]


class DirectRegisterForm(BaseForm):
    """A child the county takes up for a case, often unidentified: a temporary name, an
    estimated birth date and no ID number will do (the service says what is missing)."""

    dismissed_duplicates = forms.TypedMultipleChoiceField(
        label=_("These files are different children"), required=False, coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["division"] = place_field(
            actor, label=_("Township or village"), levels=("township", "village"),
            current=self.initial.get("division", ""))
        self.fields.update(fields_for_model(
            Child, fields=DIRECT_MODEL_FIELDS,
            widgets={"birth_date": DATE, "registered_on": DATE, "found_on": DATE}))
        self.fields["sex"].choices = [("", "—"), *Sex.choices]
        self.fields["name"].help_text = _(
            "If the name is not known, give a temporary one (for example the place and date "
            "the child was found) and correct it later.")
        self.fields["birth_date"].help_text = _(
            "If it is not known, estimate it from the child's age and tick the box below.")
        self.fields["registered_on"].label = _("Registered on")
        self.fields["found_on"].label = _("Date the child was found")
        self.fields["found_place"].label = _("Where the child was found")
        self.fields["found_circumstances"].label = _("How the child was found")
        self.fields["police_case_number"].label = _("Police reference")
        id_number_input(self.fields["citizen_id"])
        self.fields["guardian_phone"].widget.input_type = "tel"
        submitted = self.data.getlist("dismissed_duplicates") if self.is_bound else []
        ids = sorted({int(i) for i in submitted if str(i).isdigit()})
        self.fields["dismissed_duplicates"].choices = [(i, i) for i in ids]
        self.leave_required_to_service()
        self.fields["registered_on"].marked_required = True  # the service requires it
        self.style()

    def sections(self) -> list[tuple[str, list]]:
        return [(title, [self[n] for n in names]) for title, names in DIRECT_SECTIONS]

    def file_data(self) -> dict:
        keys = {*DIRECT_MODEL_FIELDS, "division"}
        return {k: v for k, v in self.cleaned_data.items() if k in keys}


# ------------------------------------------------------------------------ policy talks


def _text(label, *, required: bool = True, long: bool = False) -> forms.CharField:
    return forms.CharField(label=label, required=required,
                           widget=forms.Textarea if long else forms.TextInput)


class TalkForm(BaseForm):
    held_on = date_field(pgettext_lazy("talk", "Held on"))
    place = _text(pgettext_lazy("talk", "Place"))
    audience_kind = forms.ChoiceField(label=_("Audience"),
                                      choices=with_blank(AudienceKind.choices))
    audience_count = forms.IntegerField(label=_("Audience count"), min_value=0,
                                        widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    topic = _text(_("Topic"))
    speakers = _text(_("Given by"))
    note = _text(_("Note"), required=False, long=True)
    version = version_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["speakers"].help_text = _("Names, and their unit when not the institution.")
        self.leave_required_to_service()

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


def year_choices() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [(str(y), str(y)) for y in range(this_year, this_year - 6, -1)]


class TalkFilterForm(BaseForm):
    year = forms.ChoiceField(label=_("Year"), required=False)
    audience_kind = forms.ChoiceField(label=_("Audience"), required=False,
                                      choices=[("", _("Any audience")), *AudienceKind.choices])
    q = forms.CharField(label=_("Topic, place or speaker"), required=False, max_length=100)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Any year")), *year_choices()]
        self.style()

    def filters(self) -> dict:
        if not (self.is_bound and self.is_valid()):
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


# ---------------------------------------------------------------------- workstations


class WorkstationForm(BaseForm):
    name = _text(pgettext_lazy("not a person", "Name"))
    status = forms.ChoiceField(label=_("Status"), choices=WorkstationStatus.choices)
    set_up_on = date_field(_("Set up on"), required=False)
    staff_names = _text(_("Staff"), required=False)
    staff_count = forms.IntegerField(label=_("Number of staff"), required=False, min_value=0,
                                     widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    address = _text(_("Address"), required=False)
    phone = _text(_("Telephone"), required=False)
    note = _text(_("Note"), required=False, long=True)
    version = version_field()

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        township = place_field(actor, label=_("Township or street"), levels=("township",),
                               current=self.initial.get("township", ""))
        self.fields = {"township": township, **self.fields}
        self.fields["staff_names"].help_text = _("Names of the staff, separated by commas.")
        self.leave_required_to_service()
        self.style()

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class WorkstationFilterForm(BaseForm):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *WorkstationStatus.choices])
    guided = forms.ChoiceField(label=_("Guidance this year"), required=False, choices=[
        ("", _("All")), ("yes", _("Visited this year")), ("no", _("Not visited this year"))])

    def filters(self) -> dict:
        if not (self.is_bound and self.is_valid()):
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class GuidanceVisitForm(BaseForm):
    visited_on = date_field(_("Guidance date"))
    visitors = _text(_("Who visited"))
    findings = _text(_("Findings"), long=True)
    follow_up = _text(_("Follow-up"), required=False, long=True)
    follow_up_due = date_field(_("Follow-up due"), required=False)
    version = version_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.leave_required_to_service()

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class VisitFilterForm(BaseForm):
    year = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Any year")), *year_choices()]
        self.style()

    def filters(self) -> dict:
        if not (self.is_bound and self.is_valid()):
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class FiguresForm(BaseForm):
    year = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
        self.style()

    def chosen_year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("year"):
            return int(self.cleaned_data["year"])
        return timezone.localdate().year
