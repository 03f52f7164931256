"""A file the database names but the media folder no longer holds (a database restored
without its files, a host that does not mount the shared folder) answers 404, not 500."""

import pytest

from cwis.children.choices import DocumentKind
from cwis.children.models import ChildDocument
from cwis.children.tests.factories import ChildFactory
from cwis.core.jobs.models import Job, JobState
from cwis.oversight.tests.factories import PlanAttachmentFactory


@pytest.fixture(autouse=True)
def _empty_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_missing_child_document_answers_404_on_the_page_and_the_api(scope_users, web, api):
    child = ChildFactory(current_institution=scope_users.institution_a,
                         photo="children/photos/missing.png")
    document = ChildDocument.objects.create(child=child, kind=DocumentKind.values[0],
                                            file="children/documents/missing.pdf")
    client = web(scope_users.in_scope)
    assert client.get(f"/children/{child.pk}/documents/{document.pk}/").status_code == 404
    assert client.get(f"/children/{child.pk}/photo/").status_code == 404
    api_client = api(scope_users.in_scope)
    url = f"/children/{child.pk}/documents/{document.pk}/file"
    assert api_client.get(url).status_code == 404


def test_a_missing_plan_attachment_answers_404(scope_users, web, settings):
    attachment = PlanAttachmentFactory()
    client = web(scope_users.overseer)
    url = f"/oversight/plans/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 200
    (settings.MEDIA_ROOT / attachment.file.name).unlink()
    assert client.get(url).status_code == 404


def test_a_missing_job_result_answers_404_on_the_page_and_the_api(scope_users, web, api):
    job = Job.objects.create(owner=scope_users.in_scope, kind="test.rows",
                             state=JobState.DONE, result="jobs/missing.txt",
                             result_name="rows.txt")
    assert web(scope_users.in_scope).get(f"/jobs/{job.pk}/download/").status_code == 404
    assert api(scope_users.in_scope).get(f"/jobs/{job.pk}/file").status_code == 404
