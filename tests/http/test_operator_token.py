"""The operator's token on /readyz and /metrics: the right one shows the details, none shows the
public form, and a wrong one is a 401, never the public form in silence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from practicegraph.builder.outcome import Outcome
from practicegraph.core.settings import BuildSettings
from tests.http.conftest import in_process

TOKEN = "operator-token-for-tests-0123456789"
RIGHT = {"Authorization": f"Bearer {TOKEN}"}
WRONG = {"Authorization": "Bearer wrong-token-0123456789"}


@pytest.fixture(scope="module")
def operated(built: tuple[BuildSettings, Outcome, Path]) -> Iterator[httpx.Client]:
    with in_process(built[0], operator_token=TOKEN) as client:
        yield client


def test_the_right_token_gets_the_details_and_the_metrics(operated: httpx.Client) -> None:
    ready = operated.get("/readyz", headers=RIGHT)
    assert ready.status_code == 200
    assert set(ready.json()["checks"]) == {"build", "store", "workers"}
    scraped = operated.get("/metrics", headers=RIGHT)
    assert scraped.status_code == 200
    assert "practicegraph_build_info" in scraped.text
    # the embedded store is the build's own: an alert on 0 never fires for it
    assert "practicegraph_store_holds_served_build 1.0" in scraped.text


@pytest.mark.parametrize("route", ["/readyz", "/metrics"])
@pytest.mark.parametrize(
    "authorization", [WRONG["Authorization"], f"Bearer {TOKEN}x", "Bearer", f"bearer {TOKEN[1:]}"]
)
def test_a_wrong_token_is_a_401(operated: httpx.Client, route: str, authorization: str) -> None:
    answer = operated.get(route, headers={"Authorization": authorization})
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert answer.headers["cache-control"] == "no-store"
    assert "checks" not in answer.text
    assert "practicegraph_" not in answer.text


def test_no_token_gets_the_public_form(operated: httpx.Client) -> None:
    ready = operated.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready"}
    assert operated.get("/metrics").status_code == 404


def test_another_scheme_is_no_claim_to_be_the_operator(operated: httpx.Client) -> None:
    """A proxy's Basic credentials, passed on, leave the public answers as they are."""
    basic = {"Authorization": "Basic dXNlcjpwYXNzd29yZA=="}
    assert operated.get("/readyz", headers=basic).json() == {"status": "ready"}
    assert operated.get("/metrics", headers=basic).status_code == 404


def test_without_a_token_configured_a_bearer_token_changes_nothing(http: httpx.Client) -> None:
    """No token to match: there are no operator's answers, so none is refused either."""
    assert http.get("/readyz", headers=RIGHT).json() == {"status": "ready"}
    assert http.get("/metrics", headers=RIGHT).status_code == 404
