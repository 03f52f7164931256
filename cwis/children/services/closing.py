"""What happens to everything open on a file when the file closes: the child left care, was
removed from the community registry, or the file was merged or entered in error.

The file's own deadlines are cancelled here; other apps close what they keep open on it (care
plans, services to a child outside the institution) through functions they register from
their `AppConfig.ready()`. Each runs inside the closing service's transaction, on the locked
child row; nothing is deleted.
"""

import datetime as dt
from collections.abc import Callable

from cwis.accounts.models import User
from cwis.children.models import Child
from cwis.children.services import deadlines

OnFileClosed = Callable[..., None]  # func(*, child, on, actor) -> None
_ON_FILE_CLOSED: list[OnFileClosed] = []
# Run after a child's leaving care is recorded (reason, adult placement set on the child):
# the care app records the path a child leaving at 18 took and its follow-ups.
_ON_LEFT_CARE: list[OnFileClosed] = []


def register_file_closed(func: OnFileClosed) -> OnFileClosed:
    if func not in _ON_FILE_CLOSED:
        _ON_FILE_CLOSED.append(func)
    return func


def file_closed(child: Child, *, on: dt.date, actor: User) -> None:
    """Cancel the file's deadlines and close what other apps keep open on it."""
    deadlines.deadlines_cancel_all(child, on=on, actor=actor)
    for func in _ON_FILE_CLOSED:
        func(child=child, on=on, actor=actor)


def register_left_care(func: OnFileClosed) -> OnFileClosed:
    if func not in _ON_LEFT_CARE:
        _ON_LEFT_CARE.append(func)
    return func


def left_care(child: Child, *, on: dt.date, actor: User) -> None:
    """What other apps record once the child's leaving care is saved on the file."""
    for func in _ON_LEFT_CARE:
        func(child=child, on=on, actor=actor)
