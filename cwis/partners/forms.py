"""Forms of the partners pages: the answer for one child, the upload of the answered list,
a new request. The services check everything that matters; a form only parses."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cwis.core.forms import BaseForm, date_field, with_blank
from cwis.core.permissions import PartnerDepartment
from cwis.partners.models import ItemStatus, RequestKind


class AnswerForm(BaseForm):
    outcome = forms.ChoiceField(label=_("Answer"), required=False, choices=with_blank(
        [(ItemStatus.DONE, ItemStatus.DONE.label),
         (ItemStatus.REFUSED, ItemStatus.REFUSED.label)]))
    on = date_field(_("Answer date"), required=False)
    reference = forms.CharField(label=_("Reference number"), required=False, max_length=100)
    detail = forms.CharField(label=_("Answer detail"), required=False, max_length=200)
    reason = forms.CharField(label=_("Reason for refusal"), required=False, max_length=300)

    def __init__(self, *args, item_id: int, **kwargs) -> None:
        kwargs.setdefault("prefix", f"item-{item_id}")
        super().__init__(*args, **kwargs)


class UploadForm(BaseForm):
    file = forms.FileField(label=_("Answered list (Excel .xlsx)"), required=False)


class RequestForm(BaseForm):
    kind = forms.ChoiceField(label=_("Purpose"), choices=with_blank(RequestKind.choices),
                             required=False)
    department = forms.ChoiceField(label=_("Department"),
                                   choices=with_blank(PartnerDepartment.choices),
                                   required=False)
    note = forms.CharField(label=_("Note to the department"), required=False,
                           widget=forms.Textarea, max_length=2000)
    children = forms.TypedMultipleChoiceField(label=_("Children"), coerce=int, required=False,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, candidates=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].choices = list(candidates)
