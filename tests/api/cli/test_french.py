"""Typer's own words in French (api/cli/french.py): the usage line, the help and completion
options, the panel of commands, and the one-line refusals of bad values."""

import os
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from api.cli.french import PandaTyper, existing_file, refuse

demo = PandaTyper(help="Une commande d'essai.")
group = PandaTyper(help="Un groupe d'essai.")
demo.add_typer(group, name="groupe")


@group.command("dire")
def say(word: str = "bonjour") -> None:
    """Dit un mot."""
    if word == "non":
        refuse("--word ne peut pas valoir « non »")
    typer.echo(word)


@demo.command("lire")
def read(
    file: Annotated[Path, typer.Argument(callback=existing_file, readable=False)],
) -> None:
    """Lit un fichier."""
    typer.echo(file.read_text(encoding="utf-8"), nl=False)


def help_of(*command: str) -> str:
    result = CliRunner().invoke(demo, [*command, "--help"], prog_name="essai")
    assert result.exit_code == 0, result.output
    return " ".join(result.output.replace("│", " ").split())


def test_the_help_of_a_group_reads_in_french() -> None:
    shown = help_of()
    assert shown.startswith("Utilisation : essai [OPTIONS] COMMANDE [ARGUMENTS]...")
    assert "─ Commandes ─" in shown and "groupe Un groupe d'essai." in shown
    assert "--help <bool> Affiche cette aide et s'arrête." in shown
    assert "Installe la complétion de la commande pour le shell courant." in shown
    assert "Affiche la complétion pour le shell courant, à copier ou à adapter." in shown
    for english in ("Usage", "Commands", "Show this message", "Install completion"):
        assert english not in shown


def test_the_help_of_a_command_reads_in_french() -> None:
    shown = help_of("groupe", "dire")
    assert shown.startswith("Utilisation : essai groupe dire [OPTIONS]")
    assert "Dit un mot." in shown and "Affiche cette aide et s'arrête." in shown


def test_refuse_is_one_line_on_stderr_and_exit_2() -> None:
    result = CliRunner().invoke(demo, ["groupe", "dire", "--word", "non"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "refusé : --word ne peut pas valoir « non »\n",
    )
    assert CliRunner().invoke(demo, ["groupe", "dire"]).stdout == "bonjour\n"


def test_existing_file_takes_a_readable_file_and_refuses_the_rest(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("lu\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(demo, ["lire", str(note)]).stdout == "lu\n"
    refusals = [
        runner.invoke(demo, ["lire", str(path)]) for path in (tmp_path / "absent.txt", tmp_path)
    ]
    assert [(r.exit_code, r.stderr) for r in refusals] == [
        (2, f"refusé : fichier introuvable : {tmp_path / 'absent.txt'}\n"),
        (2, f"refusé : {tmp_path} est un dossier, pas un fichier\n"),
    ]


def test_existing_file_refuses_a_file_it_may_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("non", encoding="utf-8")
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # as for another user's file
    result = CliRunner().invoke(demo, ["lire", str(secret)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"refusé : fichier illisible (droits) : {secret}\n",
    )
