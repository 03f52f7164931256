"""The access log's client address behind trusted proxies (issue 12, item 9)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from cwis.core.audit import client_address

PROXY = "10.0.0.5"


def _request(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.fixture
def proxies(settings):
    settings.CWIS_TRUSTED_PROXIES = ["10.0.0.0/24", "192.168.1.1", "fd00::/8"]


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.CWIS_TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"
    assert client_address(None) is None


def test_a_spoofed_header_from_an_untrusted_client_is_ignored(proxies):
    assert client_address(_request("203.0.113.7", "10.0.0.9, 198.51.100.1")) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_right_most_untrusted_address_is_taken(proxies):
    assert client_address(_request(PROXY, "198.51.100.1")) == "198.51.100.1"
    # The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
    assert client_address(_request(PROXY, "1.2.3.4, 198.51.100.1")) == "198.51.100.1"
    # Two trusted proxies in a row: the first appended the client, the second the first.
    assert client_address(_request(PROXY, "1.2.3.4, 198.51.100.1, 192.168.1.1")) == (
        "198.51.100.1")
    assert client_address(_request("fd00::1", "2001:db8::9")) == "2001:db8::9"


def test_a_trusted_proxy_without_a_usable_header_gives_the_proxy(proxies):
    assert client_address(_request(PROXY)) == PROXY
    assert client_address(_request(PROXY, "")) == PROXY
    assert client_address(_request(PROXY, "1.2.3.4, not-an-address")) == PROXY
    # Only trusted addresses: the left-most is the client (a request from inside).
    assert client_address(_request(PROXY, "10.0.0.7, 192.168.1.1")) == "10.0.0.7"


def test_a_misconfigured_proxy_list_is_refused(settings):
    settings.CWIS_TRUSTED_PROXIES = ["10.0.0.0/33"]
    with pytest.raises(ImproperlyConfigured):
        client_address(_request(PROXY, "1.2.3.4"))
