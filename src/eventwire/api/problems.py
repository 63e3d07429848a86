"""Errors as RFC 9457 problem details (`application/problem+json`), never a traceback.

    ApiProblem                 one HTTP error: status, title, detail
    ├── BadRequest             400  a parameter or body that cannot be used (names it)
    ├── Unauthorized           401  a write without the right bearer token
    ├── ReadOnly               403  a write to a service started without EVENTWIRE_TOKEN
    ├── NotFound               404  no such event, article or route
    ├── PayloadTooLarge        413  a body or batch over the limit (says the limit)
    ├── Unprocessable          422  a document that cannot be read or coded (names it)
    └── ServiceUnavailable     503  the store is locked or a request ran out of time
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwire.errors import (
    DatabaseLockedError, InputError, NotADatabaseError, ReadOnlyDatabaseError, StageError, StoreError,
)

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("eventwire.api")


class ApiProblem(Exception):
    status = 500
    title = "Internal Server Error"

    def __init__(self, detail: str, **extra: Any):
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class BadRequest(ApiProblem):
    status, title = 400, "Bad Request"


class Unauthorized(ApiProblem):
    status, title = 401, "Unauthorized"


class ReadOnly(ApiProblem):
    status, title = 403, "Forbidden"


class NotFound(ApiProblem):
    status, title = 404, "Not Found"


class PayloadTooLarge(ApiProblem):
    status, title = 413, "Content Too Large"


class Unprocessable(ApiProblem):
    status, title = 422, "Unprocessable Content"


class ServiceUnavailable(ApiProblem):
    status, title = 503, "Service Unavailable"


def problem_response(status: int, title: str, detail: str, instance: str | None = None,
                     headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _from_store_error(exc: StoreError) -> ApiProblem:
    if isinstance(exc, DatabaseLockedError):
        return ServiceUnavailable("the event store is busy (locked by another writer); try again")
    if isinstance(exc, ReadOnlyDatabaseError):
        return ReadOnly("the event store file is read-only")
    if isinstance(exc, NotADatabaseError):
        return ServiceUnavailable("the configured file is not an eventwire store")
    return ServiceUnavailable("the event store cannot be used right now")


def install_handlers(app: FastAPI) -> None:
    """Every error the app can meet becomes a problem document."""

    @app.exception_handler(ApiProblem)
    async def _problem(request: Request, exc: ApiProblem):
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return problem_response(exc.status, exc.title, exc.detail, request.url.path, headers, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", "")} for e in exc.errors()]
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        detail = f"{'.'.join(first['loc'][1:]) or 'request'}: {first['msg']}"
        return problem_response(400, "Bad Request", detail, request.url.path, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        titles = {404: "Not Found", 405: "Method Not Allowed"}
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no route {request.url.path}"
        return problem_response(exc.status_code, titles.get(exc.status_code, "Error"), detail,
                                request.url.path, getattr(exc, "headers", None))

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError):
        return problem_response(422, "Unprocessable Content", f"{exc.origin}: {exc.problem}", request.url.path)

    @app.exception_handler(StageError)
    async def _stage(request: Request, exc: StageError):
        return problem_response(422, "Unprocessable Content", str(exc), request.url.path)

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError):
        log.warning("store error on %s: %s", request.url.path, exc)
        problem = _from_store_error(exc)
        return problem_response(problem.status, problem.title, problem.detail, request.url.path)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception):
        log.exception("internal error on %s", request.url.path)  # the traceback goes to the log only
        return problem_response(500, "Internal Server Error", "an internal error occurred; it has been logged",
                                request.url.path)
