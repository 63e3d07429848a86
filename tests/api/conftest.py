"""Fixtures: one store and one real server per session (see service.py)."""

from __future__ import annotations

import pytest

from service import client, shared_service


@pytest.fixture(scope="session")
def service(tmp_path_factory, coder):
    return shared_service(coder, tmp_path_factory.mktemp("service"))


@pytest.fixture(scope="session")
def api_db(service):
    return service[0]


@pytest.fixture(scope="session")
def base_url(service):
    return service[1]


@pytest.fixture(scope="session")
def http(base_url):
    with client(base_url) as c:
        yield c


@pytest.fixture()
def store(api_db):
    from eventwire.store import Store

    with Store(api_db, read_only=True) as s:
        yield s
