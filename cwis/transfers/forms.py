"""Forms of the transfer pages. They only parse input; the services validate (their
refusals reach the fields through `cwis.core.web.run_service`).

The detail page shows several forms at once: each has its own `auto_id` so that no two
elements share an id. Field names stay plain (`version`, `reason`, ...).
"""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cwis.core.forms import BaseForm, date_field, place_field, version_field
from cwis.core.permissions import ScopeKind
from cwis.institutions.models import Institution
from cwis.transfers.models import (
    ArchiveKind,
    HukouDecision,
    HukouStatus,
    Transfer,
    TransferStatus,
)


class FilterForm(BaseForm):
    """The list's filters, read from the address (a filtered list can be bookmarked)."""

    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *TransferStatus.choices])
    overdue = forms.BooleanField(label=_("Overdue"), required=False)

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if actor.scope_kind != ScopeKind.INSTITUTION:  # an institution sees its own only
            self.fields["division"] = place_field(
                actor, label=_("Area"), levels=("province", "prefecture", "county"),
                required=False, blank=_("Everywhere"), current=self.data.get("division", ""),
                area=True)
        self.style()

    def filters(self) -> dict:
        self.is_valid()  # an invalid filter is dropped, the others still apply
        data = self.cleaned_data
        return {"status": data.get("status") or "", "overdue": bool(data.get("overdue")),
                "division": data.get("division") or ""}


class BatchForm(BaseForm):
    institution = forms.ModelChoiceField(queryset=Institution.objects.none(),
                                         label=_("Institution"))
    planned_on = date_field(_("Planned date"))
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, institutions: QuerySet[Institution], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions


class PlanForm(BaseForm):
    service_labels = {"reason": _("Reason")}

    version = version_field()
    planned_on = date_field(_("Planned date"))
    hukou_decision = forms.ChoiceField(label=_("Hukou"), choices=HukouDecision.choices)
    hukou_stay_reason = forms.CharField(label=_("Why the hukou stays"), required=False,
                                        max_length=300)
    plan_told = forms.CharField(label=_("What the child is told"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    plan_accompanied_by = forms.CharField(label=_("Who accompanies"), required=False,
                                          max_length=200)
    plan_familiar = forms.CharField(label=_("Familiar carers or objects"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    counselling_before = forms.IntegerField(label=_("Counselling sessions before"),
                                            min_value=0, initial=0)
    counselling_after = forms.IntegerField(label=_("Counselling sessions after"),
                                           min_value=0, initial=0)

    @classmethod
    def of(cls, transfer: Transfer) -> "PlanForm":
        """The form filled with the transfer's plan as it stands."""
        return cls(initial={
            "version": transfer.version,
            **{name: getattr(transfer, name) for name in cls.base_fields if name != "version"},
        })

    def plan(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ArchiveForm(BaseForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ArchiveKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    pages = forms.IntegerField(label=_("Pages"), min_value=0, initial=0)
    original = forms.BooleanField(label=_("Original"), required=False, initial=True)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "archive_%s")
        super().__init__(*args, **kwargs)


class HukouForm(BaseForm):
    status = forms.ChoiceField(label=_("Hukou migration"), choices=[
        (HukouStatus.REQUESTED, HukouStatus.REQUESTED.label),
        (HukouStatus.DONE, HukouStatus.DONE.label),
    ])

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "hukou_%s")
        super().__init__(*args, **kwargs)


class StepForm(BaseForm):
    """A step on a transfer: the button, with the version the page showed. A step that
    cannot be undone is sent `confirmed` (the page's dialog sets it; views.CONFIRM)."""

    step = "step"
    button_label = _("Save")
    version = version_field()
    confirmed = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, transfer: Transfer | None = None, **kwargs) -> None:
        kwargs.setdefault("auto_id", f"{self.step}_%s")
        kwargs.setdefault("initial", {"version": transfer.version} if transfer else None)
        super().__init__(*args, **kwargs)
        self.transfer = transfer

    def service_kwargs(self) -> dict:
        return {"expected_version": self.cleaned_data["version"]}


class ApproveForm(StepForm):
    step = "approve"
    button_label = _("Approve")


class SendForm(StepForm):
    step = "send"
    button_label = _("Send")
    # Text, not a number field: the service's message says what an amount must look like.
    property_total = forms.CharField(
        label=_("Property total (CNY)"), required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Property total (CNY)")}))

    def service_kwargs(self) -> dict:
        return {**super().service_kwargs(),
                "property_total": self.cleaned_data["property_total"] or None}


class ReasonForm(StepForm):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def service_kwargs(self) -> dict:
        return {**super().service_kwargs(), "reason": self.cleaned_data["reason"]}


class ReturnForm(ReasonForm):
    step = "return"
    button_label = _("Return")


class CancelForm(ReasonForm):
    step = "cancel"
    button_label = _("Cancel the transfer")


class ReceiveForm(StepForm):
    """The receipt: each archive item ticked as received (all are, until one is unticked:
    an unticked item is recorded missing), and for each property line the amount confirmed
    (the amount sent unless changed) with the note that explains a difference. The fields
    are named `property_<id>` as the service names its refusals."""

    step = "receive"
    button_label = _("Receive")
    received = forms.TypedMultipleChoiceField(
        label=_("Files received (untick a file that did not arrive)"), coerce=int,
        required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, transfer: Transfer, **kwargs) -> None:
        super().__init__(*args, transfer=transfer, **kwargs)
        self.archives = list(transfer.archive_items.all())
        self.fields["received"].choices = [
            (a.pk, _("%(title)s received") % {"title": a.title}) for a in self.archives]
        self.fields["received"].initial = [a.pk for a in self.archives]
        if not self.archives:
            del self.fields["received"]
        self.items = list(transfer.property_items.all())
        for item in self.items:
            self.fields[f"property_{item.pk}"] = forms.CharField(
                label=_("%(description)s: amount confirmed (sent %(amount)s)") % {
                    "description": item.description, "amount": item.sent_amount},
                required=False, initial=item.sent_amount)
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Difference"), required=False, max_length=300)
        self.style()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        received = set(data.get("received") or [])
        return {
            **super().service_kwargs(),
            "missing_archive_ids": [a.pk for a in self.archives if a.pk not in received],
            "confirmed": {
                item.pk: (data[f"property_{item.pk}"] or item.sent_amount,
                          data[f"note_{item.pk}"])
                for item in self.items
            },
        }
