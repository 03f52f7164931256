"""Forms of the screening pages: they parse; the services refuse (all at once)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cwis.core.forms import BaseForm, date_field
from cwis.core.models import Division, DivisionLevel


class CampaignForm(BaseForm):
    name = forms.CharField(label=pgettext_lazy("screening campaign", "Name"), max_length=200)
    starts_on = date_field(pgettext_lazy("screening campaign", "Starts on"))
    ends_on = date_field(pgettext_lazy("screening campaign", "Ends on"))
    townships = forms.MultipleChoiceField(label=_("Townships covered"),
                                          widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        county = actor.division.code if actor.division_id else ""
        self.fields["townships"].choices = list(Division.objects.filter(
            level=DivisionLevel.TOWNSHIP, valid_to__isnull=True, code__startswith=county,
        ).order_by("code").values_list("code", "name")) if len(county) == 6 else []
        self.leave_required_to_service()

    def data_for_service(self) -> dict:
        data = self.cleaned_data
        return {"name": data["name"], "starts_on": data["starts_on"],
                "ends_on": data["ends_on"], "township_codes": data["townships"],
                "note": data["note"]}


class UploadForm(BaseForm):
    file = forms.FileField(label=_("Filled screening workbook (.xlsx)"))
