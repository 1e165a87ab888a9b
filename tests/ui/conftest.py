import pytest
from drive import record_sends


@pytest.fixture
def outbox(monkeypatch):
    """Every message widgets send to the browser during the test."""
    return record_sends(monkeypatch)
