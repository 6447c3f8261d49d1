"""The one place tests find the files they read: our fixtures, and the outside reference files.

- `fixture(name)`: a file the team wrote, under tests/fixtures/ (see its README.md).
- `reference(name)`: a real file nobody on the team wrote, in the folder named by
  PANDA_REFERENCE_DATA. Unset, the test skips with where the file is published; set, a missing
  file fails the test. Only conformance tests, marked `reference`, call it.
- `project_file(path)`: a file the project ships (a mapping, a document), by its path from the
  project root.
"""

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
REFERENCE_DATA_VARIABLE = "PANDA_REFERENCE_DATA"
# A relative PANDA_REFERENCE_DATA (`../shared/data`) is read from where pytest started, even
# after a test changes the working directory.
_START_DIR = Path.cwd()

_STANDARD = "published on GitHub by LaMednum/standard-mediation-num"
_CENSUS = "published on GitHub by multi-coop/data-bfc-ternum"
# Where each reference file comes from: what the skip message tells the reader.
PUBLISHED = {
    "lieux-mediation-numerique.schema.json": f"{_STANDARD}, schema.json",
    "lieux-mediation-numerique.exemple-valide.csv": f"{_STANDARD}, exemple-valide.csv",
    "bfc-ternum-dataset.csv": f"{_CENSUS}, csv/bfc-ternum-dataset.csv",
    "bfc-ternum-fields-custom-props.json": f"{_CENSUS}, json/bfc-ternum-fields-custom-props.json",
    "dijon-metropole-communes.csv": "compiled from INSEE's official geographic code and La Poste "
    "postcodes, npm package @etalab/decoupage-administratif 6.0.0",
}


def reference_data_dir() -> Path | None:
    """The folder PANDA_REFERENCE_DATA names; None when it is unset or empty."""
    folder = os.environ.get(REFERENCE_DATA_VARIABLE, "")
    return _START_DIR / folder if folder else None


def fixture(name: str) -> Path:
    """A file under tests/fixtures/; a missing one is a bug of the test, not a skip."""
    path = FIXTURES / name
    if not path.is_file():
        raise FileNotFoundError(f"no fixture {name!r} in {FIXTURES}")
    return path


def project_file(relative: str) -> Path:
    """A file of the project, by its path from the project root (`seed/mappings/x.toml`)."""
    path = PROJECT_ROOT / relative
    if not path.is_file():
        raise FileNotFoundError(f"no file {relative!r} in {PROJECT_ROOT}")
    return path


def reference(name: str) -> Path:
    """A reference file in PANDA_REFERENCE_DATA: skip when the variable is unset, fail when
    the variable is set but the file is not there."""
    if name not in PUBLISHED:
        raise KeyError(f"{name!r} is not a known reference file: add it to PUBLISHED")
    folder = reference_data_dir()
    if folder is None:
        pytest.skip(
            f"reference data: set {REFERENCE_DATA_VARIABLE} to a folder holding {name} "
            f"({PUBLISHED[name]})"
        )
    path = folder / name
    if not path.is_file():
        pytest.fail(
            f"reference data: {REFERENCE_DATA_VARIABLE}={folder} holds no {name} "
            f"({PUBLISHED[name]})",
            pytrace=False,
        )
    return path
