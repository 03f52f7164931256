"""Forms of an inspection's checklist and photos. They only parse input; the services
validate (every refusal at once, beside its field)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cwis.core.forms import BaseForm
from cwis.safety.models import ChecklistResultValue, SafetyArea
from cwis.safety.services.checklists import field_name


def note_name(item_id: int) -> str:
    return f"note_{item_id}"


class ChecklistForm(BaseForm):
    """One result (radio) and one "what was found" per item of the inspection's checklist,
    filled with what was recorded."""

    def __init__(self, *args, rows=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            result = row.result
            self.fields[field_name(row.item.pk)] = forms.ChoiceField(
                label=row.item.text, required=False, widget=forms.RadioSelect,
                choices=ChecklistResultValue.choices,
                initial=result.result if result else None)
            self.fields[note_name(row.item.pk)] = forms.CharField(
                label=pgettext_lazy("checklist", "What was found"), required=False,
                max_length=500, initial=result.note if result else "")
        self.style()

    def groups(self) -> list[tuple[str, list]]:
        """(area label, [(result field, note field)]) in the checklist's order."""
        labels = dict(SafetyArea.choices)
        grouped: dict[str, list] = {}
        for row in self.rows:
            grouped.setdefault(str(labels.get(row.item.area, row.item.area)), []).append(
                (self[field_name(row.item.pk)], self[note_name(row.item.pk)]))
        return list(grouped.items())

    def results(self) -> dict[int, tuple[str, str]]:
        return {row.item.pk: (self.cleaned_data.get(field_name(row.item.pk)) or "",
                              self.cleaned_data.get(note_name(row.item.pk)) or "")
                for row in self.rows}


class PhotoForm(BaseForm):
    image = forms.FileField(label=_("Photo (JPEG or PNG)"))
    caption = forms.CharField(label=_("What the photo shows"), max_length=300)
    hazard_id = forms.TypedChoiceField(label=_("Of the hazard"), required=False, coerce=int,
                                       empty_value=None)

    def __init__(self, *args, hazards=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hazard_id"].choices = [("", _("None: of the inspection")),
                                            *[(h.pk, str(h)) for h in hazards]]
        self.leave_required_to_service()
        self.style()


class WithdrawPhotoForm(BaseForm):
    reason = forms.CharField(label=_("Why the photo is withdrawn"), max_length=300)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.leave_required_to_service()
        self.style()
