"""Typer's own words in the `panda` command, in French: the usage line, the help and completion
options, the panel of commands; and `refuse`, the one-line French refusal of a bad value.

Typer 0.29 vendors click without its gettext catalogue, so its words are changed here through
the classes typer lets an app choose (`cls=`), never by patching typer. What typer still
writes in English from inside its own code: the « [default: …] » and « [required] » tags (the
commands set show_default=False and say their defaults in their help instead), and its own
parsing errors (« Missing option », « No such command », « Try … for help », « Error »).
"""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import typer
from typer._click import Context, HelpFormatter, Parameter
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandFunctionType

USAGE = "Utilisation : "
COMMANDS = "Commandes"
SUBCOMMAND_METAVAR = "COMMANDE [ARGUMENTS]..."
# The options typer adds by itself, by parameter name.
BUILT_IN_HELP = {
    "help": "Affiche cette aide et s'arrête.",
    "install_completion": "Installe la complétion de la commande pour le shell courant.",
    "show_completion": "Affiche la complétion pour le shell courant, à copier ou à adapter.",
}


def french_params(params: list[Parameter]) -> list[Parameter]:
    """The same parameters, typer's own options helped in French."""
    for param in params:
        if param.name in BUILT_IN_HELP and hasattr(param, "help"):
            param.help = BUILT_IN_HELP[param.name]
    return params


def write_usage(command: TyperCommand | TyperGroup, ctx: Context, fmt: HelpFormatter) -> None:
    """« Utilisation : panda keys create [OPTIONS] »."""
    fmt.write_usage(ctx.command_path, " ".join(command.collect_usage_pieces(ctx)), prefix=USAGE)


class FrenchCommand(TyperCommand):
    """A command whose usage line and help option read in French."""

    def get_params(self, ctx: Context) -> list[Parameter]:
        return french_params(super().get_params(ctx))

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        write_usage(self, ctx, formatter)


class FrenchGroup(TyperGroup):
    """A group of commands whose usage line and built-in options read in French."""

    def get_params(self, ctx: Context) -> list[Parameter]:
        return french_params(super().get_params(ctx))

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        write_usage(self, ctx, formatter)


class PandaTyper(typer.Typer):
    """A typer app whose commands and groups are French ones, listed under « Commandes »."""

    def __init__(self, *, help: str, **options: Any) -> None:
        super().__init__(
            help=help, cls=FrenchGroup, subcommand_metavar=SUBCOMMAND_METAVAR, **options
        )

    def command(  # type: ignore[override]
        self, name: str | None = None, *, rich_help_panel: str = COMMANDS, **options: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        # A command may bring its own class, a FrenchCommand too (api.cli.data_inclusion's).
        options.setdefault("cls", FrenchCommand)
        return super().command(name, rich_help_panel=rich_help_panel, **options)

    def add_typer(  # type: ignore[override]
        self, typer_instance: typer.Typer, *, rich_help_panel: str = COMMANDS, **options: Any
    ) -> None:
        super().add_typer(typer_instance, rich_help_panel=rich_help_panel, **options)


def refuse(message: str) -> NoReturn:
    """A bad option value: one French line on stderr, and exit 2 as typer's usage errors do."""
    typer.echo(f"refusé : {message}", err=True)
    raise typer.Exit(code=2)


def existing_file(path: Path) -> Path:
    """Callback of a file argument (declared readable=False): the path when it names a readable
    file, else a refusal in French (typer's own `exists=True` would say it in English)."""
    if path.is_dir():
        refuse(f"{path} est un dossier, pas un fichier")
    if not path.exists():
        refuse(f"fichier introuvable : {path}")
    if not os.access(path, os.R_OK):
        refuse(f"fichier illisible (droits) : {path}")
    return path
