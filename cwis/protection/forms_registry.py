"""Forms of keeping the registry true and of its people: closing a category, a child going
back to the registry from care, training courses and their attendance. They only parse
input; the services validate (every refusal at once, beside its field)."""

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cwis.children.models import Child
from cwis.core.forms import (
    DATE,
    BaseForm,
    date_field,
    phone_input,
    place_field,
    version_field,
    with_blank,
)
from cwis.protection.forms import PLACE_LEVELS
from cwis.protection.models import CategoryEndReason, RegistryCategory
from cwis.protection.services.registry import RETURN_FIELDS
from cwis.protection.services.training import COURSE_FIELDS

# A category ends by a change of situation; leaving the registry is another page.
END_REASONS = [(v, label) for v, label in CategoryEndReason.choices
               if v != CategoryEndReason.LEFT_REGISTRY]


class CategoryCloseForm(BaseForm):
    category = forms.ChoiceField(label=_("Category that ends"), required=False)
    on = date_field(_("Ended on"), required=False)
    reason = forms.ChoiceField(label=_("Why it ended"), required=False,
                               choices=with_blank(END_REASONS))
    note = forms.CharField(label=pgettext_lazy("category period", "Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    version = version_field()

    def __init__(self, *args, held: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = with_blank(held)
        for name in ("category", "on", "reason"):
            self.fields[name].marked_required = True
        self.style()


def held_categories(child: Child) -> list[tuple[str, str]]:
    from cwis.protection.models import CATEGORY_COLUMNS

    return [(c.value, c.label) for c in RegistryCategory
            if getattr(child, CATEGORY_COLUMNS[c])]


RETURN_ORDER = ["registered_on", "home_address", "guardian_relation", "guardian_name",
                "guardian_phone", "is_left_behind", "left_behind_situation", "is_orphan",
                "is_de_facto_unsupported", "is_in_difficulty", "difficulty_kind",
                "education_status", "school_name"]


class ReturnForm(BaseForm):
    """A child who left care to the family, back on the registry: where the child lives
    now, who looks after the child, the categories."""

    categories = forms.Field(label=_("Categories"), required=False,
                             widget=forms.MultipleHiddenInput)
    version = version_field()

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["division"] = place_field(
            actor, label=_("Township or village"), levels=PLACE_LEVELS,
            current=self.initial.get("division", ""))
        self.fields.update(fields_for_model(Child, fields=RETURN_ORDER,
                                            widgets={"registered_on": DATE}))
        self.fields["registered_on"].label = _("Back on the registry from")
        phone_input(self.fields["guardian_phone"])
        self.leave_required_to_service()
        self.style()

    def return_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in RETURN_FIELDS}


class TrainingCourseForm(BaseForm):
    topic = forms.CharField(label=pgettext_lazy("training", "Topic"), required=False)
    held_on = date_field(pgettext_lazy("training", "Held on"), required=False)
    hours = forms.DecimalField(label=_("Hours"), required=False, max_digits=5,
                               decimal_places=1,
                               widget=forms.NumberInput(attrs={"inputmode": "decimal",
                                                               "step": "0.5"}))
    trainer = forms.CharField(label=_("Trainer"), required=False)
    place = forms.CharField(label=pgettext_lazy("training", "Place"), required=False)
    online = forms.BooleanField(label=_("Online course"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)
    version = version_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("topic", "held_on", "hours", "trainer"):
            self.fields[name].marked_required = True
        self.style()

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in COURSE_FIELDS}


class AttendanceForm(BaseForm):
    attendees = forms.TypedMultipleChoiceField(
        label=_("Supervisors and directors who attended"), required=False, coerce=int,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = [
            (p.pk, f"{p} · {p.get_role_display()} · "
                   f"{p.division.name}") for p in people]
        self.fields["attendees"].marked_required = True
        self.style()
