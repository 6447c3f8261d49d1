"""`panda stewards`: issue, list and revoke the links stewards keep their place current with."""

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.cli.french import PandaTyper
from api.cli.keys import _session, whole
from api.http.errors import NotFound
from api.stewards import links as stewards

stewards_app = PandaTyper(help="Liens d'intendance : une personne tient à jour son lieu.")
console = Console()


@stewards_app.command("issue")
def stewards_issue(
    place_id: Annotated[
        int,
        typer.Argument(min=1, metavar="LIEU", help="L'id du lieu.", show_default=False),
    ],
    name: Annotated[
        str,
        typer.Option(
            help="Le nom de la personne (pour l'historique seulement).", show_default=False
        ),
    ],
    days: Annotated[
        int,
        typer.Option(
            min=1,
            max=stewards.MAX_DAYS,
            help=f"Expire après ce nombre de jours (par défaut : {stewards.DEFAULT_DAYS}).",
            show_default=False,
        ),
    ] = stewards.DEFAULT_DAYS,
    email: Annotated[
        str | None,
        typer.Option(
            help="Son adresse e-mail, pour les rappels de vérification (facultatif).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Crée le lien d'une personne pour un lieu ; son chemin est affiché une fois, jamais gardé."""
    with _session() as session:
        try:
            link, token = stewards.issue(session, place_id, name, days, email)
        except (NotFound, ValueError) as exc:
            console.print(f"[red]{getattr(exc, 'detail', exc)}[/red]")
            raise typer.Exit(code=1) from exc
    console.print(
        f"lien {link.id} pour « {link.steward_name} », lieu {place_id}, "
        f"valable jusqu'au {link.expires_at:%d/%m/%Y}"
    )
    typer.echo(stewards.page_url(token))


@stewards_app.command("list")
def stewards_list(
    place: Annotated[
        int | None,
        typer.Option(
            min=1,
            metavar="LIEU",
            help="Les liens de ce lieu seulement (par défaut : tous).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Liste les liens (jamais leurs jetons)."""
    # Only the name wraps: an id, a prefix or a date cut short would mislead.
    dates = whole("créé", "expire", "retiré", "dernier usage")
    table = Table(*whole("id", "lieu"), "nom", *whole("préfixe"), *dates)
    with _session() as session:
        for link in stewards.listed(session, place):
            table.add_row(
                str(link.id),
                str(link.access_point_id),
                link.steward_name,
                link.token_prefix,
                f"{link.created_at:%Y-%m-%d}",
                f"{link.expires_at:%Y-%m-%d}",
                f"{link.revoked_at:%Y-%m-%d}" if link.revoked_at else "",
                f"{link.last_used_at:%Y-%m-%d}" if link.last_used_at else "",
            )
    console.print(table)


@stewards_app.command("revoke")
def stewards_revoke(
    link_id: Annotated[
        int,
        typer.Argument(
            metavar="ID", help="L'id du lien (« panda stewards list »).", show_default=False
        ),
    ],
) -> None:
    """Retire un lien sur-le-champ ; il reste dans la liste."""
    with _session() as session:
        try:
            stewards.revoke(session, link_id)
        except NotFound as exc:
            console.print(f"[red]{exc.detail}[/red]")
            raise typer.Exit(code=1) from exc
    console.print(f"lien {link_id} retiré")
