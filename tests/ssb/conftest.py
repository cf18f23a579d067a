"""Fixtures for the SSB tests: the fake PxWebApi server and recorded sleeps."""

import pytest
from fake_ssb import FakeSsb


@pytest.fixture
def fake_ssb():
    fake = FakeSsb()
    fake.thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def sleeps():
    """Recorded instead of slept, so backoff and rate limits cost no time."""
    return []
