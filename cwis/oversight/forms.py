from django import forms
from django.utils.translation import gettext_lazy as _

from cwis.oversight.models import REPORT_YEARS, EvaluationOutcome

TEXTAREA = forms.Textarea(attrs={"rows": 4, "class": "form-control"})
INPUT = forms.TextInput(attrs={"class": "form-control"})
DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"})


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, widget=INPUT)
    goals = forms.CharField(label=_("Goals"), required=False, widget=TEXTAREA)
    timetable = forms.CharField(label=_("Timetable"), required=False, widget=TEXTAREA)
    roadmap = forms.CharField(label=_("Roadmap"), required=False, widget=TEXTAREA)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300, widget=INPUT)
    owner = forms.CharField(label=_("Responsible department"), max_length=200, widget=INPUT)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)


class ReportCreateForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"), coerce=int, choices=[(y, y) for y in REPORT_YEARS],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class ReportTextForm(forms.Form):
    summary = forms.CharField(label=_("Overall progress"), required=False, widget=TEXTAREA)
    measures = forms.CharField(label=_("Main measures and results"), required=False,
                               widget=TEXTAREA)
    problems = forms.CharField(label=_("Problems and difficulties"), required=False,
                               widget=TEXTAREA)
    next_steps = forms.CharField(label=_("Plans for the next year"), required=False,
                                 widget=TEXTAREA)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=TEXTAREA)


class EvaluationForm(forms.Form):
    province = forms.CharField(label=_("Province code"), max_length=6, widget=INPUT)
    year = forms.TypedChoiceField(
        label=_("Year"), coerce=int, choices=[(y, y) for y in REPORT_YEARS],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    score = forms.DecimalField(label=_("Score"), max_digits=5, decimal_places=1,
                               widget=forms.NumberInput(attrs={"class": "form-control",
                                                               "step": "0.1"}))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=EvaluationOutcome.choices,
                                widget=forms.Select(attrs={"class": "form-select"}))
    comment = forms.CharField(label=_("Comment"), required=False, widget=TEXTAREA)
    corrections = forms.CharField(
        label=_("Corrections required"), required=False, widget=TEXTAREA,
        help_text=_("One per line: the due date (YYYY-MM-DD), a space, then the correction."),
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=TEXTAREA)
