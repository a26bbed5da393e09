"""The fault tests' counts (status codes before, during and after each fault), printed at the
end of the run (tests/conftest.py) whichever worker measured them."""

import pytest

REPORT = "fault counts"


@pytest.fixture
def report(record_property):
    """Record a line of counts for the run's summary: report("PostgreSQL restart", during=...)."""

    def record(fault: str, **counts) -> None:
        line = ", ".join(f"{phase} {value}" for phase, value in counts.items())
        record_property(REPORT, f"{fault}: {line}")

    return record
