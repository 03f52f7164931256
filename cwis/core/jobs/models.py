from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from cwis.core.jobs.registry import kind_label


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    # Done, and its file removed after CWIS_JOB_RESULT_DAYS (`cwis purge_jobs`).
    EXPIRED = "expired", _("File removed")


class Job(models.Model):
    """One run of long work for a user, with its progress and the file it produced.

    The django-tasks row only says "run job N"; this row is what the user sees and what the
    runner claims. `attempts` doubles as the claim's token: a worker writes progress and the
    result only while the row still carries the attempt it claimed, so a worker that lost its
    lease (taken as dead, job queued again) cannot overwrite a newer attempt.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"),
                              on_delete=models.PROTECT, related_name="jobs")
    kind = models.CharField(_("kind"), max_length=64)
    # What the kind needs to redo the work (filters of a list...); dates are kept as ISO text.
    params = models.JSONField(_("parameters"), default=dict, encoder=DjangoJSONEncoder)
    # The language the user asked in: the worker prepares the file in it.
    language = models.CharField(_("language"), max_length=16, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices,
                             default=JobState.QUEUED)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    result = models.FileField(_("result file"), blank=True, max_length=200)
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    worker = models.CharField(_("worker"), max_length=64, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last heard from worker"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="job_owner_created"),
            models.Index(fields=["state", "heartbeat_at"], name="job_state_heartbeat"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def kind_label(self):
        return kind_label(self.kind)

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED, JobState.EXPIRED)

    @property
    def percent(self) -> int:
        if self.state in (JobState.DONE, JobState.EXPIRED):
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)
