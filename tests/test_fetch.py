import pytest

from unspin.errors import BlockedAddress, FetchDisabled, UnsupportedInput
from unspin.fetch import check_url
from unspin.loaders import load


@pytest.mark.parametrize("url", ["http://127.0.0.1/x", "http://localhost:8000/", "http://10.1.2.3/", "http://169.254.169.254/latest", "http://[::1]/"])
def test_non_public_addresses_are_refused(url):
    with pytest.raises(BlockedAddress, match="non-public"):
        check_url(url)


def test_non_http_schemes_are_refused():
    with pytest.raises(UnsupportedInput, match="http"):
        check_url("file:///etc/passwd")


def test_fetch_is_off_unless_asked():
    with pytest.raises(FetchDisabled, match="--fetch"):
        load("https://example.com/article")


def test_a_urls_credentials_never_reach_a_report():
    from unspin.fetch import without_credentials

    assert without_credentials("http://user:secret@127.0.0.1:8080/a?b=1") == "http://127.0.0.1:8080/a?b=1"
    assert without_credentials("https://example.com/x@y") == "https://example.com/x@y"  # an @ in the path stays
