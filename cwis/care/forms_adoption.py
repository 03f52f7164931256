"""Forms of the upbringing assessment and adoption pages. They only parse; the services
validate (refusals reach the fields through cwis.core.web.run_service)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cwis.care.choices_adoption import (
    AdoptionKind,
    AssessedBy,
    AssessmentOccasion,
    AssessmentOutcome,
    ChildWish,
    LegalStatus,
    UpbringingPath,
)
from cwis.care.forms import TEXTAREA, VersionedForm
from cwis.core.forms import date_field, with_blank


class ServiceForm(VersionedForm):
    """Fields handed to the service as they are (`keys`): the service refuses what is
    missing together with everything else."""

    keys: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.leave_required_to_service()

    def data_for_service(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.keys}


class UpbringingForm(ServiceForm):
    keys = ("occasion", "assessed_on", "situation", "legal_status", "legal_note", "health",
            "attachment", "wish", "wishes", "path", "reasons")
    occasion = forms.ChoiceField(label=_("Occasion of the assessment"),
                                 choices=with_blank(AssessmentOccasion.choices))
    assessed_on = date_field(_("Assessed on"))
    situation = forms.CharField(label=_("The child's situation"), widget=TEXTAREA)
    legal_status = forms.ChoiceField(label=_("Legal status"),
                                     choices=with_blank(LegalStatus.choices))
    legal_note = forms.CharField(label=_("Court decision or documents"), max_length=300,
                                 required=False)
    health = forms.CharField(label=_("Health and development"), widget=TEXTAREA)
    attachment = forms.CharField(label=_("Attachment and relationships"), widget=TEXTAREA)
    wish = forms.ChoiceField(label=_("The child's view of adoption"),
                             choices=with_blank(ChildWish.choices))
    wishes = forms.CharField(label=_("The child's own wishes"), widget=TEXTAREA,
                             required=False)
    path = forms.ChoiceField(label=_("Recommended path"),
                             choices=with_blank(UpbringingPath.choices))
    reasons = forms.CharField(label=_("Reasons for the path"), widget=TEXTAREA,
                              help_text=_("For a child who stays in the institution, why."))


class ListForm(VersionedForm):
    listed_on = date_field(_("Listed for adoption on"))


class ApplicationForm(ServiceForm):
    keys = ("kind", "received_on", "applicants", "country", "address", "phone", "household",
            "child_sought")
    kind = forms.ChoiceField(label=_("Kind of adoption"),
                             choices=with_blank(AdoptionKind.choices))
    received_on = date_field(_("Application received on"))
    applicants = forms.CharField(label=_("Applicants"), max_length=200)
    country = forms.CharField(label=_("Country of residence"), max_length=100, required=False,
                              help_text=_("For an intercountry adoption."))
    address = forms.CharField(label=_("Address"), max_length=300)
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    household = forms.CharField(label=_("Household"), widget=TEXTAREA,
                                help_text=_("Members, marriage, health, income, housing."))
    child_sought = forms.CharField(label=_("Child they hope to adopt"), widget=TEXTAREA,
                                   required=False)


class AdopterAssessmentForm(ServiceForm):
    keys = ("assessed_by", "assessor_name", "assessed_on", "outcome", "assessment_summary")
    assessed_by = forms.ChoiceField(label=_("Adopter assessment made by"),
                                    choices=with_blank(AssessedBy.choices))
    assessor_name = forms.CharField(label=_("Entrusted organisation"), max_length=200,
                                    required=False)
    assessed_on = date_field(_("Assessed on"))
    outcome = forms.ChoiceField(label=_("Assessment outcome"),
                                choices=with_blank(AssessmentOutcome.choices))
    assessment_summary = forms.CharField(label=_("Assessment report"), widget=TEXTAREA)


class MatchForm(ServiceForm):
    keys = ("matched_on", "reasons")
    application_id = forms.TypedChoiceField(label=_("Applicants"), coerce=int)
    matched_on = date_field(_("Matched on"))
    reasons = forms.CharField(label=_("Reasons for the match"), widget=TEXTAREA)

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application_id"].required = True
        self.fields["application_id"].choices = with_blank(
            [(a.pk, f"{a.applicants} ({a.get_kind_display()}, {a.received_on:%Y-%m-%d})")
             for a in applications])


class RegisterForm(ServiceForm):
    keys = ("registration_office", "certificate_number", "registered_on")
    registration_office = forms.CharField(label=_("Registration office"), max_length=200)
    certificate_number = forms.CharField(label=_("Adoption certificate number"),
                                         max_length=60)
    registered_on = date_field(_("Adoption registered on"))


class FollowUpForm(ServiceForm):
    keys = ("visited_on", "findings")
    visited_on = date_field(_("Visited on"))
    findings = forms.CharField(label=_("What the visit found"), widget=TEXTAREA)
