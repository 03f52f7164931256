"""The kinds of background job, each registered by the app that owns it.

An app declares its kinds in its `jobs.py` (imported at start-up by `CoreConfig.ready`):

    @job_kind("children.export", label=_("Children list (Excel)"))
    def children_export(job: Job, progress: Progress) -> JobFile:
        children = selectors.child_list(actor=job.owner, filters=job.params["filters"])
        return JobFile("children.xlsx", children_workbook(children, progress=progress))

The function runs in the worker, as the job's owner (`job.owner`, with the scope and role
the owner has when it runs), in the language the job was started in. It reports
`progress(done, total)` as it goes and returns the file the owner downloads. An exception
fails the job; its message is shown to the owner only if it is a ValidationError.
"""

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from cwis.core.jobs.models import Job

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class JobFile:
    """What a job produced: the name the owner downloads it under, and its content."""

    name: str
    content: bytes | IO[bytes]

    def __post_init__(self) -> None:
        # An export too long for one sheet comes back as a zip (cwis.core.export): the
        # download is named after what it is.
        suffix = getattr(self.content, "suffix", "")
        if suffix and not self.name.endswith(suffix):
            object.__setattr__(self, "name", posixpath.splitext(self.name)[0] + suffix)


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str | Promise
    run: "Callable[[Job, Progress], JobFile]"


_KINDS: dict[str, JobKind] = {}


def job_kind(name: str, *, label: str | Promise):
    """Register the decorated function as the job kind `name` (`<app>.<what>`)."""

    def register(run: "Callable[[Job, Progress], JobFile]"):
        _KINDS[name] = JobKind(name=name, label=label, run=run)
        return run

    return register


def kind_get(name: str) -> JobKind:
    """The registered kind; KeyError for a name nobody registered."""
    return _KINDS[name]


def kind_label(name: str) -> str | Promise:
    kind = _KINDS.get(name)
    return kind.label if kind is not None else name
