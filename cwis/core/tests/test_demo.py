import contextlib
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

import cwis
from cwis.accounts.models import User
from cwis.conftest import COUNTY_A
from cwis.core.management.commands import demo as demo_command
from cwis.core.management.commands.demo import database_description, print_summary
from cwis.core.models import Division
from cwis.core.permissions import Role
from cwis.demo import DEMO_STEPS, step_name
from cwis.demo_base import ACCOUNTS, DEMO_PASSWORD
from cwis.institutions.models import Institution
from cwis.synthetic.tests.test_step_imports import imported_names

pytestmark = pytest.mark.django_db


def counts():
    return (User.objects.count(), Institution.objects.count(), Division.objects.count())


README = Path(cwis.__file__).parent.parent / "README.md"


def readme_accounts() -> list[str]:
    return re.findall(r"^\| `(demo-[a-z-]+)` \|", README.read_text(), flags=re.MULTILINE)


def test_demo_sets_up_every_account_and_running_it_twice_changes_nothing(capsys):
    call_command("demo", no_serve=True)
    first_output = capsys.readouterr().out
    first = counts()
    call_command("demo", no_serve=True)
    assert counts() == first
    assert Institution.objects.count() == 5
    for username, *_rest in ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD), username

    # what it prints while it works and once it is done (issue 13, point 18)
    assert "- Applying database migrations" in first_output
    assert "- Loading the administrative divisions" in first_output
    for step in DEMO_STEPS:
        assert f"- Loading demo data: {step_name(step)}" in first_output
    assert f"Database: {database_description()}" in first_output
    assert "http://127.0.0.1:8000/" in first_output
    assert f"password {DEMO_PASSWORD}" in first_output
    assert len(readme_accounts()) >= 17
    for username in readme_accounts():  # every account the README lists
        assert f"  {username} " in first_output, username
    assert "--addr 0.0.0.0:8000" in first_output


def test_the_summary_names_the_database_the_address_and_the_accounts(make_user):
    make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A, username="demo-county-a")
    out = io.StringIO()
    print_summary(out, addr="0.0.0.0:8100", serving=True)
    text = out.getvalue()
    assert "CWIS is at http://0.0.0.0:8100/" in text
    assert "Database: " in text
    assert re.search(r"demo-county-a +County civil affairs officer +南昌县 \(360121\)", text)


def test_demo_serves_with_debug_off_and_collected_static_files(settings, monkeypatch):
    settings.DEBUG = True
    calls = []
    monkeypatch.delenv("CWIS_DEBUG", raising=False)
    monkeypatch.setattr(demo_command, "worker_process", contextlib.nullcontext)
    monkeypatch.setattr(demo_command, "call_command",
                        lambda name, *args, **kwargs: calls.append((name, settings.DEBUG)))
    demo_command.Command().serve("127.0.0.1:8123")
    assert calls == [("runserver", False)]  # no debug page listing every URL


def test_the_readme_says_how_to_serve_the_demo_on_another_address():
    assert "cwis demo --addr" in README.read_text()


def test_the_apps_demo_modules_do_not_import_the_demo_runner():
    """`cwis/demo.py` imports the apps' demo steps; they import `cwis/demo_base.py` only."""
    root = Path(cwis.__file__).parent
    modules = [root / "demo_base.py", *root.glob("*/demo.py")]
    assert len(modules) >= 6
    for path in modules:
        assert "cwis.demo" not in imported_names(path), path


def test_serve_help_describes_each_option():
    from cwis.core.management.commands.serve import Command as Serve

    text = " ".join(Serve().create_parser("cwis", "serve").format_help().split())
    assert "gunicorn" in text
    assert "--bind BIND address:port to listen on" in text
    assert "--workers WORKERS gunicorn worker processes" in text
    assert "--timeout TIMEOUT seconds a request may take" in text


def test_demo_help_describes_addr():
    text = " ".join(demo_command.Command().create_parser("cwis", "demo").format_help().split())
    assert "--addr ADDR address:port to serve on" in text
    assert "DEBUG off" in text
