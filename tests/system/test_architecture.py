"""The house's rules, read from the source with `ast`: folders, one-way arrows, small pieces.

A breach is named (module, line, what it imports) so that the fix is obvious; the rules are
the map at the top of docs/architecture.md.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE_PACKAGES = ("api", "models", "seed")
MAX_TOP_LEVEL = 8
MAX_FUNCTION_LINES = 60
MIN_MIRRORED = 0.80


@dataclass(frozen=True)
class Import:
    """One imported module, where it is imported."""

    module: str
    importer: str
    line: int


def module_name(root: Path, path: Path) -> str:
    """`api/places/writes.py` -> `api.places.writes` (a package is its `__init__`)."""
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files(root: Path) -> list[Path]:
    """Every Python file of the three source packages."""
    return sorted(p for package in SOURCE_PACKAGES for p in (root / package).rglob("*.py"))


def imports_of(root: Path, path: Path) -> list[Import]:
    """What a module imports: `from a.b import c` counts `a.b`, and `a.b.c` when it is a module."""
    importer = module_name(root, path)
    found: list[Import] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, importer, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(Import(node.module, importer, node.lineno))
            for alias in node.names:
                candidate = root / Path(*node.module.split("."), alias.name)
                if candidate.with_suffix(".py").exists() or (candidate / "__init__.py").exists():
                    found.append(Import(f"{node.module}.{alias.name}", importer, node.lineno))
    return found


def is_face(module: str) -> bool:
    """Faces meet people and clients: route modules, the web pages' routes, the CLI."""
    leaf = module.rsplit(".", 1)[-1]
    return leaf.startswith("routes") or module == "api.cli" or module.startswith("api.cli.")


def within(module: str, package: str) -> bool:
    """True when `module` is `package` or inside it."""
    return module == package or module.startswith(package + ".")


def breach(edge: Import) -> str | None:
    """Why this import breaks the arrows, or None."""
    importer, imported = edge.importer, edge.module
    if within(importer, "models") and (within(imported, "api") or within(imported, "seed")):
        return "models imports neither api nor seed"
    if within(importer, "seed") and within(imported, "api"):
        return "seed never imports api"
    if within(importer, "api.geocoding") and within(imported, "api.read_model"):
        return "geocoding never imports the read model (it hands its index over)"
    if is_face(imported) and importer != "api.app":
        cli_inside = within(importer, "api.cli") and within(imported, "api.cli")
        if not cli_inside:
            return "nothing imports a face (a route module or the CLI)"
    return None


def breaches(root: Path) -> list[str]:
    """Every breach under `root`, one readable line per importing line."""
    lines: dict[tuple[str, int], str] = {}
    for path in source_files(root):
        for edge in imports_of(root, path):
            why = breach(edge)
            if why:
                # `from a import b` names a and a.b: the deepest module says the most.
                lines[edge.importer, edge.line] = (
                    f"{edge.importer}:{edge.line} imports {edge.module}: {why}"
                )
    return list(lines.values())


def test_the_arrows_run_one_way() -> None:
    assert breaches(ROOT) == []


@pytest.mark.parametrize(
    ("importer", "source", "expected"),
    [
        ("api/places/routes_search.py", "from api.places import routes_read\n", "a face"),
        ("seed/loader.py", "from api.read_model import queries\n", "seed never imports api"),
        ("api/geocoding/service.py", "import api.read_model.snapshot\n", "geocoding never"),
        ("models/workshop.py", "from seed.purge import purge\n", "models imports neither"),
    ],
)
def test_a_deliberate_breach_is_named(
    tmp_path: Path, importer: str, source: str, expected: str
) -> None:
    for name in (importer, "api/places/routes_read.py", "api/read_model/queries.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).touch()
    for name in ("api/read_model/snapshot.py", "seed/purge.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).touch()
    (tmp_path / importer).write_text(source)
    found = breaches(tmp_path)
    assert len(found) == 1 and expected in found[0]
    assert found[0].startswith(importer.removesuffix(".py").replace("/", ".") + ":1 imports")


def test_the_cli_and_the_app_may_compose_faces(tmp_path: Path) -> None:
    (tmp_path / "api/cli").mkdir(parents=True)
    (tmp_path / "api/places").mkdir(parents=True)
    (tmp_path / "api/cli/keys.py").touch()
    (tmp_path / "api/places/routes_read.py").touch()
    (tmp_path / "api/cli/main.py").write_text("from api.cli import keys\n")
    (tmp_path / "api/app.py").write_text("from api.places import routes_read\n")
    assert breaches(tmp_path) == []


def test_api_keeps_a_few_top_level_modules() -> None:
    top = sorted(p.name for p in (ROOT / "api").glob("*.py") if p.name != "__init__.py")
    assert len(top) <= MAX_TOP_LEVEL, top


def test_no_function_in_api_is_over_sixty_lines() -> None:
    long = []
    for path in (ROOT / "api").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{module_name(ROOT, path)}.{node.name}: {length} lines")
    assert long == []


def mirrored_test(path: Path) -> Path:
    """`api/places/writes.py` -> `tests/api/places/test_writes.py`."""
    relative = path.relative_to(ROOT)
    return ROOT / "tests" / relative.parent / f"test_{relative.name}"


def test_most_modules_have_their_test_at_the_mirrored_path() -> None:
    modules = [
        p for p in source_files(ROOT) if p.name != "__init__.py" and "versions" not in p.parts
    ]
    missing = [str(p.relative_to(ROOT)) for p in modules if not mirrored_test(p).exists()]
    covered = 1 - len(missing) / len(modules)
    assert covered >= MIN_MIRRORED, f"{covered:.0%} mirrored; without a test: {missing}"


def read_model_calls(path: Path) -> list[str]:
    """`publish`, `refresh` and `apply` called on a read model in a module, one per call."""
    calls = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("publish", "refresh", "apply")
            and "read_model" in ast.unparse(node.func.value)
        ):
            calls.append(f"{module_name(ROOT, path)}:{node.lineno} {ast.unparse(node.func)}")
    return calls


def test_no_route_publishes_to_the_read_model_the_write_services_do() -> None:
    faces = [p for p in (ROOT / "api").rglob("*.py") if is_face(module_name(ROOT, p))]
    assert [call for path in faces for call in read_model_calls(path)] == []
    services = ("api/places/writes.py", "api/stewards/edits.py", "api/import_export/importing.py")
    for service in services:
        assert any(".publish" in call for call in read_model_calls(ROOT / service)), service
