from pathlib import Path

import pytest
from django.core.management import call_command

import cwis
from cwis.accounts.models import User
from cwis.core.models import Division
from cwis.demo_base import ACCOUNTS, DEMO_PASSWORD
from cwis.institutions.models import Institution
from cwis.synthetic.tests.test_step_imports import imported_names

pytestmark = pytest.mark.django_db


def counts():
    return (User.objects.count(), Institution.objects.count(), Division.objects.count())


def test_demo_sets_up_every_account_and_running_it_twice_changes_nothing(capsys):
    call_command("demo", no_serve=True)
    first = counts()
    call_command("demo", no_serve=True)
    assert counts() == first
    assert Institution.objects.count() == 5
    for username, *_rest in ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD), username
    assert "demo-county-a" in capsys.readouterr().out


def test_the_apps_demo_modules_do_not_import_the_demo_runner():
    """`cwis/demo.py` imports the apps' demo steps; they import `cwis/demo_base.py` only."""
    root = Path(cwis.__file__).parent
    modules = [root / "demo_base.py", *root.glob("*/demo.py")]
    assert len(modules) >= 6
    for path in modules:
        assert "cwis.demo" not in imported_names(path), path
