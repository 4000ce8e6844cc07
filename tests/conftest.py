"""Hypothesis profiles for the fuzz targets (tests/fuzzing.py), and ``make fuzz``'s report.

``ci`` (the default): a few derandomized examples per target, no example database, so
the suite is deterministic and its fuzzing costs seconds. ``fuzz`` (HEXVIEW_FUZZ=fuzz, as
``make fuzz`` sets it): HEXVIEW_FUZZ_EXAMPLES examples per target (default 2000), random,
with the database in .hypothesis/ so a failure found once is tried first next time.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("HEXVIEW_FUZZ_EXAMPLES", "8")),
    derandomize=True,
    database=None,
    deadline=None,  # bounds are counted in work (tests/fuzzing.py), never in time
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("HEXVIEW_FUZZ_EXAMPLES", "2000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.load_profile(os.environ.get("HEXVIEW_FUZZ", "ci"))


# -- make fuzz's report: each target, the examples it ran, its outcome and time ------------------

_examples: dict[str, int] = {}
_outcomes: dict[str, tuple[str, float]] = {}
_current = [""]


def pytest_collection_modifyitems(items):
    """Count each hypothesis test's examples: its inner test (what hypothesis calls once per
    example) is wrapped once per function; the running item says whose count it is."""
    for item in items:
        handle = getattr(getattr(item, "obj", None), "hypothesis", None)
        if handle is None or getattr(handle.inner_test, "_counted", False):
            continue
        inner = handle.inner_test

        def counted(*args, __inner=inner, **kwargs):
            _examples[_current[0]] = _examples.get(_current[0], 0) + 1
            return __inner(*args, **kwargs)

        counted._counted = True
        handle.inner_test = counted


def pytest_runtest_setup(item):
    _current[0] = item.nodeid


def pytest_runtest_logreport(report):
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        _outcomes[report.nodeid] = (report.outcome, report.duration)


def pytest_terminal_summary(terminalreporter):
    if os.environ.get("HEXVIEW_FUZZ") != "fuzz" or not _examples:
        return
    write = terminalreporter.write_line
    write("")
    write(f"fuzz report: profile fuzz, up to {settings().max_examples} examples per target")
    write(f"{'target':<72} {'examples':>8} {'result':>7} {'seconds':>8}")
    total_examples = total_time = failed = 0
    for nodeid, count in sorted(_examples.items()):
        outcome, duration = _outcomes.get(nodeid, ("?", 0.0))
        write(f"{nodeid.removeprefix('tests/'):<72} {count:>8} {outcome:>7} {duration:>8.1f}")
        total_examples += count
        total_time += duration
        failed += outcome == "failed"
    write(f"{len(_examples)} targets, {total_examples} examples, {failed} failed, {total_time:.0f} s ({total_time / 60:.1f} min)")
