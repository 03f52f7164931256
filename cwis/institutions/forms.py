"""Forms parse the pages' input; the services validate it (their messages are shown beside
the fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cwis.institutions import selectors
from cwis.institutions.models import (
    Institution,
    InstitutionKind,
    InstitutionLevel,
    InstitutionService,
    InstitutionStatus,
    IntegrationFactKind,
    IntegrationOutcome,
    LicenceKind,
    PostType,
    ProtectionDuty,
    QualificationKind,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


def _date(label, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE)


CHOOSE = _("— choose —")


def _blank(choices) -> list:
    return [("", CHOOSE), *choices]


def _id_select(label, required: bool = False) -> forms.IntegerField:
    """A select of records whose id the service checks (so its message is the one shown)."""
    return forms.IntegerField(label=label, required=required, widget=forms.Select)


class BootstrapForm(forms.Form):
    """Adds Bootstrap classes to the widgets; renders with institutions/_fields.html."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class InstitutionForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    uscc = forms.CharField(label=_("Unified social credit code"), max_length=18, required=False)
    level = forms.ChoiceField(label=_("Level of the founding department"),
                              choices=InstitutionLevel.choices)
    division_code = forms.ChoiceField(label=_("Founding department's division"))
    kind = forms.ChoiceField(label=_("Kind"))
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    beds = forms.IntegerField(label=_("Beds"), initial=0)
    services = forms.MultipleChoiceField(
        label=_("Services offered"), choices=InstitutionService.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    has_social_work_department = forms.BooleanField(
        label=_("Has a social work department"), required=False
    )

    def __init__(self, *args, actor, institution: Institution | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        divisions = selectors.founding_division_choices(actor=actor)
        kinds = [(k, label) for k, label in InstitutionKind.choices
                 if k != InstitutionKind.IN_TRANSFORMATION]
        if institution is not None:
            if institution.division_code not in dict(divisions):
                divisions = [(institution.division_code, str(institution.division)), *divisions]
            if institution.kind == InstitutionKind.IN_TRANSFORMATION:
                kinds = InstitutionKind.choices
            if selectors.transformation_of(institution) is not None:
                for name in ("level", "division_code", "kind"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "Changes only through the transformation."
                    )
        self.fields["division_code"].choices = divisions
        self.fields["kind"].choices = kinds


class InstitutionEditForm(InstitutionForm):
    status = forms.ChoiceField(label=_("Status"), choices=InstitutionStatus.choices)
    status_reason = forms.CharField(label=_("Reason for merging or closing"), max_length=300,
                                    required=False)
    merged_into_id = _id_select(_("Merged into"))
    version = _version_field()

    def __init__(self, *args, actor, institution: Institution, **kwargs):
        super().__init__(*args, actor=actor, institution=institution, **kwargs)
        targets = selectors.merge_target_choices(actor=actor, institution=institution)
        self.fields["merged_into_id"].widget.choices = _blank([(i.pk, i.name) for i in targets])

    @staticmethod
    def initial_for(institution: Institution) -> dict:
        return {
            "name": institution.name, "uscc": institution.uscc or "",
            "level": institution.level, "division_code": institution.division_code,
            "kind": institution.kind, "address": institution.address, "beds": institution.beds,
            "services": institution.services,
            "has_social_work_department": institution.has_social_work_department,
            "status": institution.status, "status_reason": institution.status_reason,
            "merged_into_id": institution.merged_into_id, "version": institution.version,
        }


class LicenceForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=LicenceKind.choices)
    number = forms.CharField(label=_("Number"), max_length=100)
    issued_by = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    valid_from = _date(_("Valid from"))
    valid_to = _date(_("Valid until"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = _version_field()


class PostForm(BootstrapForm):
    headcount_set = forms.IntegerField(label=_("Headcount set"))
    version = _version_field()


class StaffForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    post_type = forms.ChoiceField(label=_("Post"), choices=PostType.choices)
    started_on = _date(_("Started on"))
    left_on = _date(_("Left on"), required=False)
    version = _version_field()


class OutcomeForm(BootstrapForm):
    integration_outcome = forms.ChoiceField(label=_("Outcome of the transformation"),
                                            choices=IntegrationOutcome.choices, required=False)
    integration_on = _date(_("Decided on"), required=False)
    transferred_to_id = _id_select(_("Transferred to"))
    version = _version_field()

    def __init__(self, *args, institution: Institution, **kwargs):
        super().__init__(*args, **kwargs)
        destinations = selectors.transfer_destination_choices(institution=institution)
        self.fields["transferred_to_id"].widget.choices = _blank(
            [(i.pk, i.name) for i in destinations]
        )


class QualificationForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=QualificationKind.choices)
    number = forms.CharField(label=_("Certificate number"), max_length=100)
    issued_on = _date(_("Issued on"))
    valid_to = _date(_("Valid until"), required=False)


class TrainingForm(BootstrapForm):
    title = forms.CharField(label=_("Training"), max_length=200)
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    started_on = _date(_("From"))
    ended_on = _date(_("To"))
    hours = forms.IntegerField(label=_("Hours"), initial=0)


class ResidenceForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    capacity = forms.IntegerField(label=_("Capacity (children)"), initial=6)
    carer_father = forms.CharField(label=_("Carer (father)"), max_length=100, required=False)
    carer_mother = forms.CharField(label=_("Carer (mother)"), max_length=100, required=False)
    carers_qualified_on = _date(_("Couple confirmed as qualified on"), required=False)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)
    version = _version_field()


class TransformationPlanForm(BootstrapForm):
    target_handover_date = _date(_("Handover target date"))
    target_completion_date = _date(_("Completion target date"))
    new_name = forms.CharField(label=_("Name after the transformation"), max_length=200,
                               required=False)
    version = _version_field()


class FactForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=IntegrationFactKind.choices)
    duty = forms.ChoiceField(label=_("Duty (for a duty)"), required=False,
                             choices=_blank(ProtectionDuty.choices))
    effective_on = _date(_("Effective on"))
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Premises: address and floor area. Duty: who carries it out and how."),
    )
    document_number = forms.CharField(label=_("Document number"), max_length=100,
                                      required=False)


class WithdrawForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason for withdrawal"), max_length=300)
    version = _version_field()


class LayoutForm(BootstrapForm):
    planned_child_welfare = forms.IntegerField(label=_("Planned child welfare institutions"))
    planned_minors_protection = forms.IntegerField(
        label=_("Planned minors' rescue and protection institutions")
    )
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    version = _version_field()


class ReceiverForm(BootstrapForm):
    receiver_id = _id_select(_("Receiving institution"), required=True)
    version = _version_field()

    def __init__(self, *args, receivers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiver_id"].widget.choices = _blank([(i.pk, i.name) for i in receivers])
