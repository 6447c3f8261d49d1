"""Reports: anyone sends one on a place; the city team (scope `admin`) lists, answers and closes
them; a steward reads the open reports of their place."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.auth.keys import KeyFirstRoute, require
from api.deps import RuntimeDep, SessionDep
from api.http.errors import responses
from api.http.path_ids import MAX_ID, PlaceId, RowId
from api.reports import answers, decisions, intake
from api.reports.answers import ReportForSteward, ReportPublic, StatusFilter
from api.reports.submit import ReportForm, ReportReceived
from api.stewards import links as stewards
from models.api_key import ApiKey, Scope
from models.report import MAX_ANSWER_LENGTH, ReportOutcome
from models.text_types import MULTI_LINE

public_router = APIRouter(prefix="/v1/access-points", tags=["reports"])
admin_router = APIRouter(prefix="/v1/reports", tags=["reports"], route_class=KeyFirstRoute)
steward_router = APIRouter(prefix="/v1/steward", tags=["reports"])

Admin = Annotated[ApiKey, Depends(require(Scope.ADMIN))]
Token = Annotated[str, Path(min_length=1, max_length=120, description="The link's token.")]
# Stored trimmed (a blank answer is stored as none): the document can promise no more than that.
AnswerText = Annotated[str, StringConstraints(max_length=MAX_ANSWER_LENGTH), MULTI_LINE]
ADMIN_ERRORS = responses(401, 403, 404, 422)
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


class ReportAnswer(BaseModel):
    """The city team's answer to a report."""

    model_config = ConfigDict(extra="forbid")

    text: AnswerText


class ReportClosing(BaseModel):
    """How a report ends: its outcome, and optionally an answer."""

    model_config = ConfigDict(extra="forbid")

    outcome: ReportOutcome = Field(
        description="`corrected`, `no_error`, `spam`, or `place_closed` (marks the place closed)."
    )
    answer: AnswerText | None = None


@public_router.post(
    "/{access_point_id}/reports",
    status_code=202,
    response_model=ReportReceived,
    operation_id="reportError",
    responses=responses(404, 422),
)
def report_error(
    access_point_id: PlaceId, body: ReportForm, request: Request, session: SessionDep
) -> ReportReceived:
    """« Signaler une erreur » on a place: what is wrong, an optional text and contact."""
    intake.take(request, session, access_point_id, body)
    return ReportReceived()


@admin_router.get(
    "", response_model=list[ReportPublic], operation_id="listReports", responses=ADMIN_ERRORS
)
def list_reports(
    session: SessionDep,
    _key: Admin,
    response: Response,
    status: StatusFilter = "open",
    access_point_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> list[ReportPublic]:
    """Reports, oldest first: open ones by default (scope `admin`); they hold contacts."""
    response.headers.update(PRIVATE)
    return [answers.for_city(r) for r in answers.listed(session, status, access_point_id)]


@admin_router.get(
    "/{report_id}", response_model=ReportPublic, operation_id="showReport", responses=ADMIN_ERRORS
)
def show_report(
    report_id: RowId, session: SessionDep, _key: Admin, response: Response
) -> ReportPublic:
    """One report (scope `admin`)."""
    response.headers.update(PRIVATE)
    return answers.for_city(answers.one(session, report_id))


@admin_router.post(
    "/{report_id}/answer",
    response_model=ReportPublic,
    operation_id="answerReport",
    responses=ADMIN_ERRORS,
)
def answer_report(
    report_id: RowId, body: ReportAnswer, session: SessionDep, key: Admin
) -> ReportPublic:
    """Answer a report; it stays open (scope `admin`; audited in the place's history)."""
    text = body.text.strip() or None
    return answers.for_city(decisions.answer(session, report_id, text, key.name))


@admin_router.post(
    "/{report_id}/close",
    response_model=ReportPublic,
    operation_id="closeReport",
    responses={
        **ADMIN_ERRORS,
        **responses(409, s409="The report is closed already (`report_closed`)."),
    },
)
def close_report(
    report_id: RowId, body: ReportClosing, session: SessionDep, runtime: RuntimeDep, key: Admin
) -> ReportPublic:
    """Close a report with its outcome (scope `admin`; audited in the place's history)."""
    text = body.answer.strip() or None if body.answer is not None else None
    closed = decisions.close(session, report_id, body.outcome, key.name, runtime.read_model, text)
    return answers.for_city(closed)


@steward_router.get(
    "/{token}/places/{access_point_id}/reports",
    response_model=list[ReportForSteward],
    operation_id="stewardReports",
    responses=responses(401, 403, 404),
)
def steward_reports(
    token: Token, access_point_id: PlaceId, session: SessionDep, response: Response
) -> list[ReportForSteward]:
    """The open reports of the steward's place, oldest first (never a sender's contact)."""
    link = stewards.verify(session, token, datetime.now(UTC))
    stewards.check_place(link, access_point_id)
    response.headers.update(PRIVATE)
    return [answers.for_steward(r) for r in answers.listed(session, "open", access_point_id)]


router = APIRouter()
for _part in (public_router, admin_router, steward_router):
    router.include_router(_part)
