"""The report form for people: `/signaler/{id}` (read, then sent without any script) and the
short address printed on the sheet, `/s/{id}`, which leads to it."""

from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from pydantic import ValidationError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from api.deps import SessionDep
from api.http.errors import AppError
from api.http.path_ids import PlaceId
from api.read_model import Snapshot
from api.reports import intake
from api.reports.submit import RECEIVED, ReportForm
from api.web.html import html_page
from models.access_point import AccessPointPublic
from models.report import KIND_FR, MAX_CONTACT_LENGTH, MAX_TEXT_LENGTH

router = APIRouter(include_in_schema=False)
FORM_PATH = "/signaler/"
FIELDS = ("kind", "text", "contact", "website")
# What a person is told of each field the form refuses, in French.
_FIELD_ERRORS = {
    "kind": "Choisissez ce qui est inexact.",
    "text": f"Le texte doit faire {MAX_TEXT_LENGTH} caractères au plus, sans caractère de "
    "contrôle.",
    "contact": f"Le contact doit faire {MAX_CONTACT_LENGTH} caractères au plus, sur une ligne.",
}


def _place(request: Request, place_id: int) -> AccessPointPublic | None:
    snapshot: Snapshot = request.app.state.runtime.read_model.current
    index = snapshot.by_id.get(place_id)
    return None if index is None else snapshot.places[index]


def _page(place: AccessPointPublic | None, status: int = 200, **context: Any) -> Response:
    values = context.pop("values", {})
    page = html_page(
        "report.html",
        {
            "place": place,
            "kinds": {str(kind): label for kind, label in KIND_FR.items()},
            "max_text": MAX_TEXT_LENGTH,
            "max_contact": MAX_CONTACT_LENGTH,
            "values": values,
            **context,
        },
        status_code=404 if place is None else status,
    )
    page.headers["Cache-Control"] = "no-store"
    return page


@router.get(FORM_PATH + "{access_point_id:int}")
async def report_form(access_point_id: PlaceId, request: Request) -> Response:
    """The form: what is wrong, an optional text and contact."""
    return _page(_place(request, access_point_id))


@router.get("/s/{access_point_id:int}")
async def short_address(access_point_id: PlaceId) -> Response:
    """The short address printed under a place on the sheet: to its report form."""
    return RedirectResponse(f"{FORM_PATH}{access_point_id}", status_code=302)


def _form_values(body: bytes) -> dict[str, str] | None:
    """The form's fields from an url-encoded body (first value of each), None if unreadable."""
    try:
        text = body.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=20)
    except (UnicodeDecodeError, ValueError):
        return None
    values: dict[str, str] = {}
    for name, value in pairs:
        if name in FIELDS and name not in values:
            values[name] = value
    return values


def _problems(exc: ValidationError) -> list[str]:
    fields = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
    return [_FIELD_ERRORS[name] for name in ("kind", "text", "contact") if name in fields] or [
        "Le formulaire n'a pas pu être lu : recommencez."
    ]


def _sent_form(
    request: Request, session: Session, place: AccessPointPublic, body: bytes
) -> Response:
    values = _form_values(body)
    if values is None:
        return _page(place, 422, errors=["Le formulaire n'a pas pu être lu : recommencez."])
    filled = {name: value for name, value in values.items() if value.strip()}
    try:
        form = ReportForm.model_validate(filled)
    except ValidationError as exc:
        return _page(place, 422, errors=_problems(exc), values=values)
    try:
        intake.take(request, session, place.id or 0, form)
    except AppError as refusal:
        page = _page(place, refusal.status_code, errors=[refusal.detail], values=values)
        page.headers.update(refusal.headers or {})
        return page
    return _page(place, sent=RECEIVED)


@router.post(FORM_PATH + "{access_point_id:int}")
async def send_report_form(
    access_point_id: PlaceId, request: Request, session: SessionDep
) -> Response:
    """The form sent: taken (a thank-you page), or shown again with what to correct."""
    place = _place(request, access_point_id)
    body = await request.body()
    if place is None:
        return _page(None)
    return await run_in_threadpool(_sent_form, request, session, place, body)
