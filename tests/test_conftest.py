"""The guard in tests/conftest.py: a conformance test must not skip unseen."""

import pytest

from tests.data_files import REFERENCE_DATA_VARIABLE

# The inner session registers the same guard as ours; its tests call the real `reference()`.
CONFTEST = """
from tests.conftest import pytest_configure  # noqa: F401
"""
TESTS = """
import pytest

from tests.data_files import reference


@pytest.mark.reference
def test_conformance():
    reference("bfc-ternum-dataset.csv")


@pytest.mark.reference
def test_other_skip():
    pytest.skip("no network")


def test_behaviour():
    pass
"""
UNMARKED = """
from tests.data_files import reference


def test_unmarked():
    reference("bfc-ternum-dataset.csv")
"""


@pytest.fixture
def inner(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini("[pytest]\nmarkers =\n    reference: conformance")
    pytester.makeconftest(CONFTEST)
    return pytester


def test_guard_without_reference_data_lets_reference_tests_skip(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(REFERENCE_DATA_VARIABLE, raising=False)
    inner.makepyfile(TESTS)
    result = inner.runpytest_inprocess("-rs")
    result.assert_outcomes(passed=1, skipped=2)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        ["*reference data: set PANDA_REFERENCE_DATA to a folder holding bfc-ternum-dataset.csv*"]
    )


def test_guard_with_reference_data_fails_on_a_skipped_reference_test(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = inner.mkdir("reference")
    (folder / "bfc-ternum-dataset.csv").write_text("bfc_id\n", encoding="utf-8")
    monkeypatch.setenv(REFERENCE_DATA_VARIABLE, str(folder))
    inner.makepyfile(TESTS)
    result = inner.runpytest_inprocess()
    result.assert_outcomes(passed=2, skipped=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["*reference tests that skipped*", "*::test_other_skip: no network"]
    )


def test_guard_with_reference_data_missing_file_fails_the_test(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(REFERENCE_DATA_VARIABLE, str(inner.mkdir("empty")))
    inner.makepyfile(TESTS)
    result = inner.runpytest_inprocess()
    result.assert_outcomes(passed=1, failed=1, skipped=1)
    result.stdout.fnmatch_lines(["*empty holds no bfc-ternum-dataset.csv*"])


def test_guard_fails_on_an_unmarked_test_reading_reference_data(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(REFERENCE_DATA_VARIABLE, raising=False)
    inner.makepyfile(UNMARKED)
    result = inner.runpytest_inprocess()
    result.assert_outcomes(skipped=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*::test_unmarked: not marked `reference`: reference data:*"])
