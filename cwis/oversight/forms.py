"""Forms of the oversight pages. They only parse input; the services validate (their
refusals reach the fields through `cwis.core.web.run_service`)."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cwis.core.forms import BaseForm, date_field, parse_date, version_field
from cwis.oversight.models import REPORT_YEARS, EvaluationOutcome

MSG_CORRECTION_LINE = _("Each line needs a date (YYYY-MM-DD), a space, then the correction.")

TEXTAREA = forms.Textarea(attrs={"rows": 4})
YEARS = [(y, y) for y in REPORT_YEARS]


class PageForm(BaseForm):
    """A form shown beside others on one page: its own element ids (`id_prefix`)."""

    id_prefix = "id"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class PlanForm(BaseForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    goals = forms.CharField(label=_("Goals"), required=False, widget=TEXTAREA)
    timetable = forms.CharField(label=_("Timetable"), required=False, widget=TEXTAREA)
    roadmap = forms.CharField(label=_("Roadmap"), required=False, widget=TEXTAREA)
    version = version_field()


class TaskForm(PageForm):
    id_prefix = "task"
    title = forms.CharField(label=_("Task"), max_length=300)
    owner = forms.CharField(label=_("Responsible department"), max_length=200)
    due_date = date_field(_("Due date"))


class StepForm(PageForm):
    """A button that changes a record's state, with the version the page showed."""

    id_prefix = "step"

    version = version_field()


class TaskDoneForm(BaseForm):
    task = forms.IntegerField(widget=forms.HiddenInput)


class AttachmentForm(PageForm):
    id_prefix = "attach"

    # Not required here: the service says what is wrong with a missing or too large file.
    file = forms.FileField(label=_("File"), required=False)
    name = forms.CharField(label=pgettext_lazy("not a person", "Name"), required=False,
                           max_length=200)


class ReportCreateForm(BaseForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=YEARS)


class ReportTextForm(BaseForm):
    summary = forms.CharField(label=_("Overall progress"), required=False, widget=TEXTAREA)
    measures = forms.CharField(label=_("Main measures and results"), required=False,
                               widget=TEXTAREA)
    problems = forms.CharField(label=_("Problems and difficulties"), required=False,
                               widget=TEXTAREA)
    next_steps = forms.CharField(label=_("Plans for the next year"), required=False,
                                 widget=TEXTAREA)
    version = version_field()


class ReviewForm(BaseForm):
    comment = forms.CharField(label=_("Comment"), required=False, widget=TEXTAREA)


class EvaluationForm(BaseForm):
    province = forms.CharField(label=_("Province code"), max_length=6)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=YEARS)
    score = forms.DecimalField(label=_("Score"), max_digits=5, decimal_places=1,
                               widget=forms.NumberInput(attrs={"step": "0.1"}))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=EvaluationOutcome.choices)
    comment = forms.CharField(label=_("Comment"), required=False, widget=TEXTAREA)
    corrections = forms.CharField(
        label=_("Corrections required"), required=False, widget=TEXTAREA,
        help_text=_("One per line: the due date (YYYY-MM-DD), a space, then the correction."),
    )

    def clean_corrections(self) -> list[tuple[str, dt.date]]:
        """Each non-empty line as (correction, due date)."""
        corrections = []
        for line in self.cleaned_data["corrections"].splitlines():
            if not line.strip():
                continue
            date_text, _sep, description = line.strip().partition(" ")
            due = parse_date(date_text)
            if due is None:
                raise ValidationError(MSG_CORRECTION_LINE, code="line")
            corrections.append((description.strip(), due))
        return corrections


class NoteForm(BaseForm):
    # Not required here: the service refuses an empty note with its own message.
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))
