"""Every user-facing string has its zh-hans translation, and the compiled catalogues are
up to date. Runs Django's makemessages on a copy of the source, so it sees exactly what a
translator would."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

SOURCE = Path(__file__).resolve().parents[2]  # the cwis package


def catalogues(root: Path) -> list[Path]:
    return sorted(root.rglob("locale/zh_Hans/LC_MESSAGES/django.po"))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is needed: apt-get install gettext")
    root = tmp_path_factory.mktemp("i18n")
    shutil.copytree(
        SOURCE, root / "cwis", ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo")
    )
    env = {**os.environ, "PYTHONPATH": str(root), "DJANGO_SETTINGS_MODULE": "cwis.settings"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "--no-obsolete",
         "--no-location", "--ignore", "static/*"],
        cwd=root / "cwis", env=env, check=True, capture_output=True,
    )
    return root / "cwis"


def test_every_string_has_a_zh_hans_translation(extracted):
    missing = []
    for path in catalogues(extracted):
        po = polib.pofile(str(path))
        missing += [f"{path.relative_to(extracted)}: {e.msgid!r}"
                    for e in po.untranslated_entries() + po.fuzzy_entries()]
    assert missing == [], "untranslated (run scripts/messages.sh extract):\n" + "\n".join(missing)


def test_the_compiled_catalogues_match_the_po_files():
    stale = []
    for path in catalogues(SOURCE):
        mo_path = path.with_suffix(".mo")
        if not mo_path.exists():
            stale.append(str(mo_path))
            continue
        po = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0, "")
              for e in polib.pofile(str(path)).translated_entries()}
        mo = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0, "")
              for e in polib.mofile(str(mo_path))}
        if po != {k: v for k, v in mo.items() if k[1]}:
            stale.append(str(mo_path))
    assert stale == [], "stale .mo files (run scripts/messages.sh compile): " + ", ".join(stale)


def test_a_page_really_renders_in_chinese(client):
    assert "儿童福利信息系统" in client.get("/login/").content.decode()
