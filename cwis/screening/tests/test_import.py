"""The screening import end to end through the services and the jobs: preview with its
refusals, commit, re-commit, a commit that fails half-way."""

import pytest
from django.core.exceptions import ValidationError

from cwis.children.choices import ChildStatus, DeadlineKind
from cwis.children.models import Child
from cwis.core.errors import NotFoundError, PermissionDeniedError
from cwis.core.imports import engine, registry, workbook
from cwis.core.imports.models import BatchState, RowAction
from cwis.core.imports.registry import kind_get
from cwis.core.jobs.models import JobState
from cwis.core.jobs.testing import run_queued_jobs
from cwis.protection.tests.factories import OTHER_TOWNSHIP, OTHER_VILLAGE
from cwis.screening import imports as screening_imports
from cwis.screening import selectors, services
from cwis.screening.models import ScreeningRecord
from cwis.screening.tests.factories import (
    campaign_for,
    child_row,
    label,
    screening_workbook,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def _preview(actor, campaign, rows):
    batch = services.campaign_import(actor=actor, campaign_id=campaign.pk,
                                     upload=upload(screening_workbook(campaign, rows)))
    run_queued_jobs()
    batch.refresh_from_db()
    return batch


def _commit(actor, batch):
    services.campaign_commit(actor=actor, batch_id=batch.pk)
    run_queued_jobs()
    batch.refresh_from_db()
    return batch


def _refusals(batch):
    return {(row.row_number, label, message)
            for row in batch.rows.filter(action=RowAction.REFUSE) for label, message in row.errors}


def test_a_workbook_is_previewed_then_committed_through_the_registry(community):
    officer = community.county_officer
    campaign = campaign_for(officer)
    batch = _preview(officer, campaign, [child_row(1), child_row(2)])
    assert batch.state == BatchState.PREVIEWED
    assert (batch.rows_total, batch.rows_create, batch.rows_refused) == (2, 2, 0)
    assert not Child.objects.exists()  # the preview writes nothing
    batch = _commit(officer, batch)
    assert batch.state == BatchState.COMMITTED
    assert batch.rows_created == 2
    child = Child.objects.get(name=child_row(1)["name"])
    assert child.status == ChildStatus.IN_COMMUNITY
    assert child.is_left_behind
    assert child.left_behind_situation == "both_away"
    assert child.guardian_relation == "grandparent"
    assert child.deadlines.filter(kind=DeadlineKind.COMMUNITY_VISIT,
                                  closed_on__isnull=True).exists()
    assert child.history.count() == 1
    assert ScreeningRecord.objects.filter(campaign=campaign).count() == 2
    figures = selectors.campaign_figures(actor=officer, campaign=campaign)
    assert (figures.total.received, figures.total.created, figures.total.children) == (2, 2, 2)
    assert figures.townships[0].name == "莲塘镇"


def test_each_bad_row_is_refused_by_row_and_column_in_chinese(community):
    officer = community.county_officer
    campaign = campaign_for(officer)
    rows = [
        child_row(1),
        child_row(2, name=""),                                   # required cell
        child_row(3, birth_date="去年"),                          # not a date
        child_row(4, citizen_id="360121201703050000"),           # bad check digit
        child_row(5, village="360124100201"),                    # another county's village
        child_row(6, is_left_behind="否"),                        # no category
        child_row(7, guardian_relation="邻居"),                    # not in the list
        child_row(1),                                            # the same child again
    ]
    batch = _preview(officer, campaign, rows)
    refusals = _refusals(batch)
    rows_refused = {number for number, _label, _message in refusals}
    assert rows_refused == {3, 4, 5, 6, 7, 8, 9}
    assert (3, label("name"), str(workbook.MSG_CELL_REQUIRED)) in refusals
    assert any(n == 4 and column == label("birth_date") for n, column, _m in refusals)
    assert any(n == 5 and column == label("citizen_id") for n, column, _m in refusals)
    assert (6, label("village"), str(screening_imports.MSG_VILLAGE_OTHER_COUNTY)) in refusals
    assert any(n == 7 and column == label("is_left_behind") for n, column, _m in refusals)
    assert any(n == 8 and column == label("guardian_relation") for n, column, _m in refusals)
    assert (9, str(engine.MSG_WHOLE_ROW), str(engine.MSG_SAME_IN_FILE % {"row": 2})) in refusals
    assert (batch.rows_create, batch.rows_refused) == (1, 7)
    batch = _commit(officer, batch)
    assert Child.objects.count() == 1  # only the valid row


def test_a_township_the_campaign_does_not_cover_is_refused(community):
    from cwis.core.models import Division, DivisionLevel

    officer = community.county_officer
    Division.objects.create(code="360121101", name="三江镇", level=DivisionLevel.TOWNSHIP,
                            parent=Division.objects.get(code="360121", valid_to=None))
    Division.objects.create(code="360121101201", name="三江村", level=DivisionLevel.VILLAGE,
                            parent=Division.objects.get(code="360121101", valid_to=None))
    campaign = campaign_for(officer)
    batch = _preview(officer, campaign, [child_row(1, village="360121101201")])
    assert _refusals(batch) == {(2, label("village"),
                                 str(screening_imports.MSG_VILLAGE_NOT_COVERED))}


def test_a_possible_duplicate_in_the_registry_is_refused(community):
    from cwis.protection import services as community_services
    from cwis.protection.tests.factories import left_behind_boy

    officer = community.county_officer
    existing = community_services.community_register(actor=officer, data=left_behind_boy())
    campaign = campaign_for(officer)
    row = child_row(1, name=existing.name, sex="男", birth_date=existing.birth_date,
                    citizen_id="", village=OTHER_VILLAGE)
    batch = _preview(officer, campaign, [row])
    assert _refusals(batch) == {(2, label("name"),
                                 str(screening_imports.MSG_DUPLICATE_IMPORT))}


def test_a_row_matching_a_file_updates_it_by_id_then_by_name_birth_and_village(community):
    officer = community.county_officer
    campaign = campaign_for(officer)
    _commit(officer, _preview(officer, campaign, [child_row(1), child_row(2, citizen_id="")]))
    second = campaign_for(officer, name="2026年夏季排查")
    rows = [child_row(1, guardian_phone="13900000000"), child_row(2, citizen_id="")]
    batch = _preview(officer, second, rows)
    assert (batch.rows_update, batch.rows_create) == (2, 0)
    batch = _commit(officer, batch)
    assert (batch.rows_created, batch.rows_updated) == (0, 1)  # the other is unchanged
    assert Child.objects.count() == 2
    assert Child.objects.get(name=child_row(1)["name"]).guardian_phone == "13900000000"


def test_committing_the_same_rows_twice_creates_nothing_twice(community):
    officer = community.county_officer
    campaign = campaign_for(officer)
    rows = [child_row(1), child_row(2, citizen_id="")]
    first = _commit(officer, _preview(officer, campaign, rows))
    with pytest.raises(ValidationError):  # the same batch cannot be committed again
        services.campaign_commit(actor=officer, batch_id=first.pk)
    again = _commit(officer, _preview(officer, campaign, rows))
    assert again.state == BatchState.COMMITTED
    assert (again.rows_created, again.rows_updated) == (0, 0)
    assert Child.objects.count() == 2
    assert ScreeningRecord.objects.filter(campaign=campaign).count() == 2
    figures = selectors.campaign_figures(actor=officer, campaign=campaign)
    assert (figures.total.received, figures.total.unchanged, figures.total.children) == (4, 2, 2)


def test_a_commit_that_fails_half_way_writes_nothing(community, monkeypatch):
    officer = community.county_officer
    campaign = campaign_for(officer)
    batch = _preview(officer, campaign, [child_row(1), child_row(2), child_row(3)])
    kind = kind_get(screening_imports.KIND)
    calls = []

    def failing(context, row):
        calls.append(row.row_number)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return kind.apply(context, row)

    from dataclasses import replace

    monkeypatch.setitem(registry._KINDS, kind.name, replace(kind, apply=failing))
    batch = _commit(officer, batch)
    assert calls == [2, 3]
    assert batch.job.state == JobState.FAILED
    assert batch.state == BatchState.PREVIEWED
    assert batch.error == str(engine.MSG_COMMIT_FAILED)
    assert not Child.objects.exists()
    assert not ScreeningRecord.objects.exists()


def test_a_row_refused_at_commit_undoes_the_others_and_joins_the_refusals(community):
    from cwis.protection import services as community_services
    from cwis.protection.tests.factories import left_behind_boy

    officer = community.county_officer
    campaign = campaign_for(officer)
    boy = left_behind_boy()
    row = child_row(2, name=boy["name"], sex="男", birth_date=boy["birth_date"],
                    citizen_id="", village=OTHER_VILLAGE)
    batch = _preview(officer, campaign, [child_row(1), row])
    assert batch.rows_create == 2
    community_services.community_register(actor=officer, data=boy)  # registered meanwhile
    batch = _commit(officer, batch)
    assert batch.state == BatchState.PREVIEWED
    assert "3" in batch.error
    assert Child.objects.count() == 1  # only the boy registered one by one
    assert batch.rows.get(row_number=3).action == RowAction.REFUSE


def test_children_of_the_last_campaign_not_seen_in_this_one_are_listed(community):
    officer = community.county_officer
    first = campaign_for(officer)
    _commit(officer, _preview(officer, first, [child_row(1), child_row(2)]))
    second = campaign_for(officer, name="2026年夏季排查", starts_on=first.ends_on,
                          ends_on=first.ends_on)
    _commit(officer, _preview(officer, second, [child_row(1)]))
    missing = selectors.campaign_not_seen(actor=officer, campaign=second)
    assert [c.name for c in missing] == [child_row(2)["name"]]
    assert not selectors.campaign_not_seen(actor=officer, campaign=first).exists()


def test_out_of_scope_and_read_only_users_cannot_import(community):
    officer = community.county_officer
    campaign = campaign_for(officer)
    batch = _preview(officer, campaign, [child_row(1)])
    with pytest.raises(NotFoundError):
        services.campaign_import(actor=community.out_of_scope, campaign_id=campaign.pk,
                                 upload=upload(b"PK\x03\x04"))
    with pytest.raises(NotFoundError):
        services.campaign_commit(actor=community.out_of_scope, batch_id=batch.pk)
    with pytest.raises(PermissionDeniedError):
        services.campaign_commit(actor=community.overseer, batch_id=batch.pk)
    with pytest.raises(PermissionDeniedError):
        services.campaign_open(actor=community.village_director, name="x", starts_on=None,
                               ends_on=None, township_codes=[])
    assert selectors.campaign_get(actor=community.overseer, campaign_id=campaign.pk)
    with pytest.raises(NotFoundError):
        selectors.campaign_get(actor=community.out_of_scope, campaign_id=campaign.pk)


def test_a_campaign_is_refused_without_its_fields(community):
    with pytest.raises(ValidationError) as refused:
        services.campaign_open(actor=community.county_officer, name=" ", starts_on=None,
                               ends_on=None, township_codes=[OTHER_TOWNSHIP])
    assert set(refused.value.message_dict) == {"name", "starts_on", "ends_on", "townships"}


def test_a_file_that_is_not_a_workbook_is_refused(community):
    officer = community.county_officer
    campaign = campaign_for(officer)
    with pytest.raises(ValidationError) as refused:
        services.campaign_import(actor=officer, campaign_id=campaign.pk,
                                 upload=upload(b"%PDF-1.4", "x.pdf"))
    assert "file" in refused.value.message_dict
