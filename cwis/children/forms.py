"""Forms of the child registry pages. They only parse input; the services validate."""

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from cwis.children.choices import (
    AdultPlacement,
    ChildStatus,
    DisabilityType,
    DocumentKind,
    IntakeCategory,
    LeaveReason,
    PlacementKind,
    Sex,
)
from cwis.children.legal import (
    LEGAL_BASES,
    OTHER_BASIS,
    default_legal_basis,
    legal_basis_choices,
)
from cwis.children.models import CATEGORY_LABELS, Child
from cwis.core.forms import (
    DATE,
    BaseForm,
    DateWidget,
    date_field,
    id_number_input,
    version_field,
)

SECTIONS = [
    (_("Identity"), ["name", "former_names", "sex", "birth_date", "birth_date_estimated",
                     "ethnicity", "citizen_id", "identity_status", "photo"]),
    (_("Finding"), ["found_on", "found_place", "found_circumstances", "police_case_number",
                    "search_notice_on", "formally_admitted_on"]),
    (_("Hukou"), ["hukou_division", "hukou_address", "hukou_type", "hukou_registered_on"]),
    (_("Guardianship"), ["guardian_kind", "guardianship_situation", "guardianship_note",
                         "guardian_name", "guardianship_since"]),
    (_("Categories"), ["is_orphan", "is_parents_not_found", "is_de_facto_unsupported",
                       "is_left_behind", "is_in_difficulty", "disability_type",
                       "disability_grade", "disability_certificate"]),
    (_("Health and education"), ["health_summary", "insurance_status", "insurance_checked_on",
                                 "education_status", "school_name"]),
]
FILE_FIELDS = [name for _title, names in SECTIONS for name in names if name != "hukou_division"]


class LegalBasisSelect(forms.Select):
    """The legal bases, each option saying when it was in force and what it covers, so that
    the page can propose the one in force on the intake date (static/cwis/legal-basis.js)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        basis = LEGAL_BASES.get(str(value))
        if basis is not None and basis.code != OTHER_BASIS:
            option["attrs"].update({
                "data-from": basis.effective_from.isoformat() if basis.effective_from else "",
                "data-to": basis.effective_to.isoformat() if basis.effective_to else "",
                "data-categories": " ".join(sorted(basis.categories)),
                "data-kinds": " ".join(sorted(basis.guardianship)),
            })
        return option


def legal_basis_field(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Legal basis"), choices=legal_basis_choices,
                             widget=LegalBasisSelect(attrs={"data-legal-basis": ""}), **kwargs)


def intake_initial(day, category: str = IntakeCategory.FOUND_CHILD, guardian_kind: str = ""
                   ) -> dict:
    """A new intake's defaults: dated `day`, with the legal basis in force that day."""
    return {"intake_on": day, "intake_category": category,
            "legal_basis": default_legal_basis(day, category, guardian_kind)}


class ChildFileForm(BaseForm):
    """The fields of a child's file, generated from the model so labels and choices agree."""

    hukou_division = forms.CharField(
        label=_("Hukou division code"), required=False, max_length=12,
        help_text=_("6, 9 or 12 digits"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        generated = fields_for_model(
            Child, fields=FILE_FIELDS,
            widgets={f: DATE for f in ("birth_date", "found_on", "search_notice_on",
                                       "formally_admitted_on", "hukou_registered_on",
                                       "guardianship_since", "insurance_checked_on")},
        )
        for name, field in generated.items():
            if name == "photo":
                field = forms.FileField(label=field.label, required=False,
                                        widget=forms.ClearableFileInput(
                                            attrs={"accept": "image/jpeg,image/png"}))
            self.fields[name] = field
        self.fields["sex"].choices = [("", "—"), *Sex.choices]
        id_number_input(self.fields["citizen_id"])
        self.fields["hukou_division"].widget.attrs["inputmode"] = "numeric"
        self.leave_required_to_service()
        self.style()

    def sections(self) -> list[tuple[str, list]]:
        return [(title, [self[n] for n in names if n in self.fields]) for title, names in SECTIONS]

    def file_data(self) -> dict:
        keys = {*FILE_FIELDS, "hukou_division"}
        data = {k: v for k, v in self.cleaned_data.items() if k in keys}
        if not data.get("photo"):
            data.pop("photo", None)
        if data.get("disability_grade") == "":
            data["disability_grade"] = None
        return data


class RegisterForm(ChildFileForm):
    institution = forms.ModelChoiceField(queryset=None, label=_("Institution"))
    intake_on = date_field(_("Intake date"))
    intake_category = forms.ChoiceField(label=_("Intake category"),
                                        choices=IntakeCategory.choices)
    legal_basis = legal_basis_field()
    legal_basis_note = forms.CharField(label=_("Legal basis note"), required=False,
                                       max_length=500)
    received_from = forms.CharField(label=_("Received from"), required=False, max_length=200,
                                    help_text=_("e.g. the police station that brought the child"))
    bed = forms.CharField(label=_("Bed"), required=False, max_length=30)
    intake_note = forms.CharField(label=_("Intake note"), required=False, widget=forms.Textarea)
    dismissed_duplicates = forms.TypedMultipleChoiceField(
        label=_("These files are different children"), required=False, coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    INTAKE_FIELDS = ("institution", "intake_on", "intake_category", "legal_basis",
                     "legal_basis_note", "received_from", "bed", "intake_note")

    def __init__(self, *args, institutions, duplicate_ids=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        if institutions.count() == 1:
            self.fields["institution"].initial = institutions.first()
        submitted = self.data.getlist("dismissed_duplicates") if self.is_bound else []
        ids = {*duplicate_ids, *(int(i) for i in submitted if str(i).isdigit())}
        self.fields["dismissed_duplicates"].choices = [(i, i) for i in sorted(ids)]
        self.style()

    def intake_sections(self) -> list:
        return [self[n] for n in self.INTAKE_FIELDS]


class EditForm(ChildFileForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for the correction"), required=False,
                             max_length=100)

    def __init__(self, *args, child: Child, **kwargs) -> None:
        kwargs["initial"] = {
            **{f: getattr(child, f) for f in FILE_FIELDS if f != "photo"},
            "hukou_division": child.hukou_division.code if child.hukou_division_id else "",
            "version": child.version,
        }
        super().__init__(*args, **kwargs)
        if child.status == ChildStatus.IN_CARE:
            del self.fields["reason"]
        else:
            self.fields["reason"].required = True


class LeaveForm(BaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = date_field(_("Date"))
    reason = forms.ChoiceField(label=_("Reason"), choices=LeaveReason.choices)
    adult_placement = forms.ChoiceField(
        label=_("Placement on reaching adulthood"), required=False,
        choices=[("", "—"), *AdultPlacement.choices],
    )
    destination = forms.CharField(label=_("Went to"), required=False, max_length=300,
                                  help_text=_("The family, guardian or institution"))
    document_number = forms.CharField(label=_("Document number"), required=False,
                                      max_length=100,
                                      help_text=_("For an adoption: the registration certificate"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)


class MoveForm(BaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = date_field(_("Date"))
    kind = forms.ChoiceField(label=_("Where"), choices=PlacementKind.choices)
    family_residence = forms.ModelChoiceField(queryset=None, required=False,
                                              label=_("Family-style residence"))
    foster_carer = forms.CharField(label=_("Foster carer"), required=False, max_length=100)
    foster_address = forms.CharField(label=_("Foster family address"), required=False,
                                     max_length=300)
    bed = forms.CharField(label=_("Bed"), required=False, max_length=30)
    reason = forms.CharField(label=_("Reason for the move"), max_length=300)

    def __init__(self, *args, residences, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family_residence"].queryset = residences
        self.style()


class DocumentForm(BaseForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"), required=False)
    issued_on = date_field(_("Date"), required=False)
    number = forms.CharField(label=_("Number"), required=False, max_length=100)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ReasonForm(BaseForm):
    version = version_field()
    reason = forms.CharField(label=_("Reason"), max_length=300)


class MergeForm(ReasonForm):
    duplicate = forms.TypedChoiceField(label=_("File to merge into this one"), coerce=int,
                                       widget=forms.RadioSelect)

    def __init__(self, *args, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].choices = [
            (c.pk, f"#{c.pk} {c.name} {c.birth_date:%Y-%m-%d} {c.current_institution or ''}")
            for c in candidates
        ]
        self.style()


class FilterForm(BaseForm):
    """The list's filters, read from the URL (so a filtered list can be bookmarked)."""

    q = forms.CharField(required=False)
    status = forms.ChoiceField(required=False, choices=[("", _("All statuses")),
                                                        *ChildStatus.choices])
    category = forms.ChoiceField(required=False, choices=[("", _("All categories")),
                                                          *CATEGORY_LABELS.items()])
    institution = forms.ModelChoiceField(queryset=None, required=False,
                                         empty_label=_("All institutions"))
    sex = forms.ChoiceField(required=False, choices=[("", _("Both sexes")), *Sex.choices])
    # Labelled on the page by a visible <label> each (children/list.html).
    birth_from = forms.DateField(required=False, widget=DateWidget())
    birth_to = forms.DateField(required=False, widget=DateWidget())
    # Set by the dashboards' links (not shown as inputs): area, disability, where they live.
    division = forms.RegexField(regex=r"^\d{1,12}$", required=False)
    disability = forms.ChoiceField(required=False, choices=[("", ""), *DisabilityType.choices])
    residence = forms.ChoiceField(required=False, choices=[("", ""), *PlacementKind.choices])

    def __init__(self, *args, institutions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions

    def filters(self) -> dict:
        self.is_valid()  # an invalid filter is dropped, the others still apply
        data = {k: v for k, v in self.cleaned_data.items() if v}
        if "institution" in data:
            data["institution"] = data["institution"].pk
        return data

