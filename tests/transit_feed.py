"""Build GTFS zips for tests from tests/fixtures/gtfs-divia-t2/, changed as a test needs."""

import zipfile
from pathlib import Path

from tests.data_files import FIXTURES

FEED_DIR = FIXTURES / "gtfs-divia-t2"


def divia_feed(
    target: Path,
    *,
    append: dict[str, str] | None = None,
    replace: dict[str, str | None] | None = None,
) -> Path:
    """The fixture feed zipped at `target`; `append` adds lines to a file, `replace` swaps a
    file's whole text (None leaves the file out)."""
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(FEED_DIR.iterdir())}
    for name, text in (replace or {}).items():
        if text is None:
            texts.pop(name, None)
        else:
            texts[name] = text
    for name, lines in (append or {}).items():
        texts[name] = texts[name] + lines
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in texts.items():
            archive.writestr(name, text)
    return target
