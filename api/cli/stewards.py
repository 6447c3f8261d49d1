"""`panda stewards`: issue, list and revoke the links stewards keep their place current with."""

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.cli.keys import _session
from api.http.errors import NotFound
from api.stewards import links as stewards

stewards_app = typer.Typer(help="Liens d'intendance : une personne tient à jour son lieu.")
console = Console()


@stewards_app.command("issue")
def stewards_issue(
    place_id: Annotated[int, typer.Argument(min=1, help="Id of the place.")],
    name: Annotated[str, typer.Option(help="The steward's name (audit trail only).")],
    days: Annotated[
        int, typer.Option(min=1, max=stewards.MAX_DAYS, help="Expire after this many days.")
    ] = stewards.DEFAULT_DAYS,
) -> None:
    """Issue a link for one place and one person; its path is printed once, never stored."""
    with _session() as session:
        try:
            link, token = stewards.issue(session, place_id, name, days)
        except (NotFound, ValueError) as exc:
            console.print(f"[red]{getattr(exc, 'detail', exc)}[/red]")
            raise typer.Exit(code=1) from exc
    console.print(
        f"lien {link.id} pour {link.steward_name!r}, lieu {place_id}, "
        f"valable jusqu'au {link.expires_at:%d/%m/%Y}"
    )
    typer.echo(stewards.page_url(token))


@stewards_app.command("list")
def stewards_list(
    place: Annotated[int | None, typer.Option(min=1, help="Only this place's links.")] = None,
) -> None:
    """List links (never their tokens)."""
    table = Table("id", "lieu", "nom", "préfixe", "créé", "expire", "retiré", "dernier usage")
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
    link_id: Annotated[int, typer.Argument(help="Link id from `panda stewards list`.")],
) -> None:
    """Revoke a link at once; it stays listed."""
    with _session() as session:
        try:
            stewards.revoke(session, link_id)
        except NotFound as exc:
            console.print(f"[red]{exc.detail}[/red]")
            raise typer.Exit(code=1) from exc
    console.print(f"lien {link_id} retiré")
