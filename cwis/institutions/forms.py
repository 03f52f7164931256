"""Forms parse the pages' input; the services validate it (their messages are shown beside
the fields through cwis.core.web.run_service)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cwis.accounts.models import User
from cwis.core.forms import BaseForm, date_field, id_select, version_field, with_blank
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


class InstitutionForm(BaseForm):
    name = forms.CharField(label=pgettext_lazy("not a person", "Name"), max_length=200)
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

    def __init__(self, *args, actor: User, institution: Institution | None = None, **kwargs):
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
    merged_into_id = id_select(_("Merged into"))
    version = version_field()

    def __init__(self, *args, actor: User, institution: Institution, **kwargs):
        super().__init__(*args, actor=actor, institution=institution, **kwargs)
        targets = selectors.merge_target_choices(actor=actor, institution=institution)
        self.fields["merged_into_id"].widget.choices = with_blank([(i.pk, i.name) for i in targets])

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


class LicenceForm(BaseForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=LicenceKind.choices)
    number = forms.CharField(label=_("Number"), max_length=100)
    issued_by = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    valid_from = date_field(_("Valid from"))
    valid_to = date_field(_("Valid until"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = version_field()


class PostForm(BaseForm):
    headcount_set = forms.IntegerField(label=_("Headcount set"))
    version = version_field()


class StaffForm(BaseForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    post_type = forms.ChoiceField(label=_("Post"), choices=PostType.choices)
    started_on = date_field(_("Started on"))
    left_on = date_field(_("Left on"), required=False)
    version = version_field()


class OutcomeForm(BaseForm):
    integration_outcome = forms.ChoiceField(label=_("Outcome of the transformation"),
                                            choices=IntegrationOutcome.choices, required=False)
    integration_on = date_field(_("Decided on"), required=False)
    transferred_to_id = id_select(_("Transferred to"))
    version = version_field()

    def __init__(self, *args, institution: Institution, **kwargs):
        super().__init__(*args, **kwargs)
        destinations = selectors.transfer_destination_choices(institution=institution)
        self.fields["transferred_to_id"].widget.choices = with_blank(
            [(i.pk, i.name) for i in destinations]
        )


class QualificationForm(BaseForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=QualificationKind.choices)
    number = forms.CharField(label=_("Certificate number"), max_length=100)
    issued_on = date_field(_("Issued on"))
    valid_to = date_field(_("Valid until"), required=False)


class TrainingForm(BaseForm):
    title = forms.CharField(label=_("Training"), max_length=200)
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    started_on = date_field(_("From"))
    ended_on = date_field(_("To"))
    hours = forms.IntegerField(label=_("Hours"), initial=0)


class ResidenceForm(BaseForm):
    name = forms.CharField(label=pgettext_lazy("not a person", "Name"), max_length=100)
    capacity = forms.IntegerField(label=_("Capacity (children)"), initial=6)
    carer_father = forms.CharField(label=_("Carer (father)"), max_length=100, required=False)
    carer_mother = forms.CharField(label=_("Carer (mother)"), max_length=100, required=False)
    carers_qualified_on = date_field(_("Couple confirmed as qualified on"), required=False)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)
    version = version_field()


class TransitionForm(BaseForm):
    """The button that starts or completes a transformation, with the version read."""

    version = version_field()


class TransformationPlanForm(BaseForm):
    target_handover_date = date_field(_("Handover target date"))
    target_completion_date = date_field(_("Completion target date"))
    new_name = forms.CharField(label=_("Name after the transformation"), max_length=200,
                               required=False)
    version = version_field()


class FactForm(BaseForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=IntegrationFactKind.choices)
    duty = forms.ChoiceField(label=_("Duty (for a duty)"), required=False,
                             choices=with_blank(ProtectionDuty.choices))
    effective_on = date_field(_("Effective on"))
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea,
        help_text=_("Premises: address and floor area. Duty: who carries it out and how."),
    )
    document_number = forms.CharField(label=_("Document number"), max_length=100,
                                      required=False)


class WithdrawForm(BaseForm):
    reason = forms.CharField(label=_("Reason for withdrawal"), max_length=300)
    version = version_field()


class LayoutForm(BaseForm):
    planned_child_welfare = forms.IntegerField(label=_("Planned child welfare institutions"))
    planned_minors_protection = forms.IntegerField(
        label=_("Planned minors' rescue and protection institutions")
    )
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea)
    version = version_field()


class ReceiverForm(BaseForm):
    receiver_id = id_select(_("Receiving institution"))
    version = version_field()

    def __init__(self, *args, receivers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiver_id"].widget.choices = with_blank([(i.pk, i.name) for i in receivers])
