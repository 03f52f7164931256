"""Offsets and limits beyond what the databases' integers hold answer 422, not 500."""

import pytest

TOO_LARGE = ("offset=9223372036854775808", "offset=99999999999999999999",
             "limit=99999999999999999999")


@pytest.mark.parametrize("query", TOO_LARGE)
@pytest.mark.parametrize("path", ["/children", "/institutions", "/jobs"])
def test_an_offset_or_limit_too_large_is_refused(scope_users, api, path, query):
    response = api(scope_users.overseer).client.get(f"/api/v1{path}?{query}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"


def test_the_last_offset_still_pages(scope_users, api):
    response = api(scope_users.overseer).client.get("/api/v1/children?offset=2147483647")
    assert response.status_code == 200
    assert response.json()["items"] == []
