"""Forms of the community registry pages. They only parse input; the services validate."""

from django import forms
from django.conf import settings
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from cwis.children.choices import (
    ChildStatus,
    GuardianKind,
    GuardianshipSituation,
    IntakeCategory,
    Sex,
)
from cwis.children.forms import legal_basis_field
from cwis.children.models import CATEGORY_LABELS, Child
from cwis.core.divisions import scope_prefix_of
from cwis.core.forms import (
    DATE,
    BaseForm,
    date_field,
    id_number_input,
    phone_input,
    place_field,
)
from cwis.protection.flags import RULES
from cwis.protection.models import VisitMethod
from cwis.protection.services import COMMUNITY_FIELDS

SECTIONS = [
    (_("Where the child lives"), ["division", "home_address", "registered_on"]),
    (_("Identity"), ["name", "former_names", "sex", "birth_date", "birth_date_estimated",
                     "ethnicity", "citizen_id", "hukou_type", "hukou_address"]),
    (_("Categories"), ["is_left_behind", "left_behind_situation", "is_orphan",
                       "is_de_facto_unsupported", "is_in_difficulty", "difficulty_kind",
                       "disability_type", "disability_grade", "disability_certificate"]),
    (_("Who looks after the child"), ["guardian_relation", "guardian_name", "guardian_phone",
                                      "guardianship_note"]),
    (_("Health and education"), ["health_summary", "insurance_status", "education_status",
                                 "school_name"]),
]
MODEL_FIELDS = [n for _t, names in SECTIONS for n in names if n in COMMUNITY_FIELDS]
PLACE_LEVELS = ("township", "village")  # where a community child lives
AREA_LEVELS = ("prefecture", "county", "township", "village")


class CommunityFileForm(BaseForm):
    """The fields of a community file, generated from the model so labels and choices agree.
    The township or village is picked by name inside the actor's jurisdiction."""

    # The service names the four category boxes together: a field without an input of its
    # own, so that its refusal shows beside them (protection/_sections.html).
    categories = forms.Field(label=_("Categories"), required=False,
                             widget=forms.MultipleHiddenInput)

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["division"] = place_field(
            actor, label=_("Township or village"), levels=PLACE_LEVELS,
            current=self.initial.get("division", ""))
        generated = fields_for_model(Child, fields=MODEL_FIELDS,
                                     widgets={"birth_date": DATE, "registered_on": DATE})
        self.fields.update(generated)
        self.fields["sex"].choices = [("", "—"), *Sex.choices]
        id_number_input(self.fields["citizen_id"])
        phone_input(self.fields["guardian_phone"])
        # Left to the service, so that every refusal shows at once, beside its field.
        self.leave_required_to_service()
        self.style()

    def sections(self) -> list[tuple[str, list]]:
        return [(title, [self[n] for n in names]) for title, names in SECTIONS]

    def file_data(self) -> dict:
        keys = {*MODEL_FIELDS, "division"}
        data = {k: v for k, v in self.cleaned_data.items() if k in keys}
        if data.get("disability_grade") == "":
            data["disability_grade"] = None
        return data


class CommunityRegisterForm(CommunityFileForm):
    dismissed_duplicates = forms.TypedMultipleChoiceField(
        label=_("These files are different children"), required=False, coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        submitted = self.data.getlist("dismissed_duplicates") if self.is_bound else []
        ids = sorted({int(i) for i in submitted if str(i).isdigit()})
        self.fields["dismissed_duplicates"].choices = [(i, i) for i in ids]


class CommunityEditForm(CommunityFileForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, child: Child, **kwargs) -> None:
        kwargs["initial"] = {
            **{f: getattr(child, f) for f in MODEL_FIELDS},
            "division": child.division_code, "version": child.version,
        }
        super().__init__(*args, **kwargs)


class VisitForm(BaseForm):
    visited_on = date_field(_("Visited on"))
    method = forms.ChoiceField(label=_("How"), choices=VisitMethod.choices)
    situation = forms.CharField(label=_("How the child lives now"), widget=forms.Textarea)
    needs = forms.CharField(label=_("Needs"), required=False, widget=forms.Textarea)
    follow_up_needed = forms.BooleanField(label=_("Follow-up needed"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow_up_needed"].help_text = _(
            "The next step goes on the to-do list, due in %(days)d days; the next visit "
            "does it.") % {"days": settings.CWIS_COMMUNITY_FOLLOW_UP_DAYS}
        self.leave_required_to_service()


class RemoveForm(BaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = date_field(_("Date"))
    reason = forms.ChoiceField(label=_("Reason for removal"),
                               choices=Child._meta.get_field("registry_exit_reason").choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)


class CommunityFilterForm(BaseForm):
    """The registry list's filters, read from the URL (a filtered list can be bookmarked)."""

    q = forms.CharField(required=False)
    status = forms.ChoiceField(required=False, choices=[
        (ChildStatus.IN_COMMUNITY, _("On the registry")),
        (ChildStatus.OFF_REGISTER, _("Removed from the registry")),
    ])
    category = forms.ChoiceField(required=False, choices=[("", _("All categories")),
                                                          *CATEGORY_LABELS.items()])
    overdue = forms.BooleanField(required=False)
    # Visit due by the end of this week (overdue ones too): the home page's "to visit".
    due_week = forms.BooleanField(required=False, label=_("Visit due this week"))
    flag = forms.ChoiceField(required=False, label=_("Risk flag"), choices=lambda: [
        ("", _("Any or none")), *((code, rule.label) for code, rule in RULES.items())])

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["division"] = place_field(
            actor, label=_("Area"), levels=AREA_LEVELS, required=False,
            blank=_("The whole area"), current=self.data.get("division", ""), area=True)
        self.style()

    def filters(self) -> dict:
        self.is_valid()  # an invalid filter is dropped, the others still apply
        data = {k: v for k, v in self.cleaned_data.items() if v}
        if "division" in data:  # a place picked: it and what lies under it
            data["division"] = scope_prefix_of(data["division"])
        return data


class TakeIntoCareForm(BaseForm):
    """The intake of a community child into civil affairs care (the child registry's rules)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    institution = forms.ModelChoiceField(queryset=None, label=_("Institution"))
    intake_on = date_field(_("Intake date"))
    intake_category = forms.ChoiceField(label=_("Intake category"),
                                        choices=IntakeCategory.choices,
                                        initial=IntakeCategory.TEMPORARY_WARD)
    guardian_kind = forms.ChoiceField(label=_("Guardianship"),
                                      choices=GuardianKind.choices[:2],
                                      initial=GuardianKind.TEMPORARY)
    guardianship_situation = forms.ChoiceField(label=_("Legal situation"),
                                               choices=GuardianshipSituation.choices)
    guardianship_note = forms.CharField(label=_("Guardianship note"), required=False,
                                        max_length=500)
    legal_basis = legal_basis_field(initial="mpl2020_93")
    legal_basis_note = forms.CharField(label=_("Legal basis note"), required=False,
                                       max_length=500)
    received_from = forms.CharField(label=_("Received from"), required=False, max_length=200)
    bed = forms.CharField(label=_("Bed"), required=False, max_length=30)
    intake_note = forms.CharField(label=_("Intake note"), required=False, widget=forms.Textarea)

    def __init__(self, *args, institutions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        self.style()
