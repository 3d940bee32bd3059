"""What every resource (`fine_tuning.jobs`, `files`, `models`) is made of: endpoints declared against the spec's
operations, and the public methods built from them.

An operation's parameters, their types and their checks come from the generated code (see `_inputs`), so a new
parameter, body field or enum value in `openapi.yaml` is a typed, checked keyword after `make generate` alone. An
`Endpoint` adds what the spec cannot say to the generator: the public name, whether re-sending is safe (the spec's
`x-idempotent`, checked against it by a test), what the answer must echo, how to confirm a state change whose answer
was lost, and what to tell a caller whose non-idempotent request may have acted. A resource writes each operation
once, as a method returning the `Call` to send; `pair` and `raw_pair` turn it into the public methods (sync, async,
and their `with_raw_response` twins), which differ only in how they send.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine, Mapping
from functools import wraps
from typing import TYPE_CHECKING, Any, Concatenate, Final, Generic, ParamSpec, TypeVar, cast

from . import _api
from ._inputs import Arguments
from ._transport import Call, Confirm, Sender
from ._types import OPTION_NAMES
from .errors import UnexpectedArgumentError

if TYPE_CHECKING:
    from ._raw import RawResponse
    from ._types import CallOptions

P = ParamSpec("P")
R = TypeVar("R")


class Endpoint:
    """A public method's link to an operation of the spec.

    Args:
        name: the public method's name.
        operation_id: the spec's operationId (the generated module's name).
        idempotent: whether re-sending it is safe after a failure where the server may have acted (openapi.yaml's
            `x-idempotent`, which the generator cannot see; a test checks the two agree).
        echo: for an operation on one object, the path parameter naming it: the answer's `id` must be that value
            (an answer about another object is refused, never returned).
        confirm: for a state change: when a re-sent attempt gets 409 after an earlier one may have acted, the
            endpoint that re-reads the object (it takes the same path parameter) and a test of what it returns
            saying whether the change took effect; if so, the re-read object is the result.
        if_lost: for a non-idempotent operation: what to tell a caller when the request was sent but its answer
            was lost, given the generated request (how to find what it may have made).
        shown: how help() spells the return type, when the annotation's own text is not readable.
        stream: the answer's body is the result, handed over unread (a download): the HTTP library's response.
    """

    __slots__ = ("arguments", "confirm", "echo", "idempotent", "if_lost", "name", "operation", "shown", "stream")

    def __init__(
        self,
        name: str,
        operation_id: str,
        *,
        idempotent: bool,
        echo: str | None = None,
        confirm: tuple[Endpoint, Callable[[Any], bool]] | None = None,
        if_lost: Callable[[Mapping[str, Any]], str] | None = None,
        shown: str | None = None,
        stream: bool = False,
    ) -> None:
        self.name = name
        self.operation = _api.OPERATIONS[operation_id]
        self.idempotent = idempotent
        self.echo = echo
        self.confirm = confirm
        self.if_lost = if_lost
        self.shown = shown
        self.stream = stream
        self.arguments = Arguments(self.operation, name)
        ENDPOINTS.append(self)

    def signature(self, returns: str) -> inspect.Signature:
        """The public method's signature, for help() and IDEs: its real keywords, the per-call options, and
        what it returns."""
        keyword = inspect.Parameter.KEYWORD_ONLY
        shown = [
            inspect.Parameter(
                parameter.name,
                keyword,
                default=inspect.Parameter.empty if parameter.required else parameter.default,
                annotation=_Shown(parameter.annotation),
            )
            for parameter in sorted(self.operation.parameters, key=lambda parameter: not parameter.required)
        ]
        shown += [
            inspect.Parameter("retries", keyword, default=_api.UNSET, annotation=_Shown("RetryConfig | None")),
            inspect.Parameter("server_url", keyword, default=None, annotation=_Shown("str | None")),
            inspect.Parameter("timeout_ms", keyword, default=None, annotation=_Shown("int | None")),
            inspect.Parameter("http_headers", keyword, default=None, annotation=_Shown("Mapping[str, str] | None")),
        ]
        self_parameter = inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)
        return inspect.Signature([self_parameter, *shown], return_annotation=_Shown(returns))


class _Shown(str):
    """A type written as text, shown as is by help() (a plain string would be shown quoted)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


ENDPOINTS: Final[list[Endpoint]] = []
"""Every endpoint of every resource (the coverage test checks that no operation of the spec lacks one)."""


class Resource:
    """A group of operations sharing one `Sender` (the client's settings and HTTP clients)."""

    def __init__(self, sender: Sender) -> None:
        self._sender = sender

    def _prepare(self, endpoint: Endpoint, kwargs: Mapping[str, Any]) -> Call[Any]:
        """The `Call` for one call of `endpoint` with these keyword arguments (checked, nothing sent yet)."""
        given = dict(kwargs)
        options = cast("CallOptions", {name: given.pop(name) for name in OPTION_NAMES if name in given})
        request, secrets = endpoint.arguments.bind(given)
        confirm = None
        if endpoint.confirm is not None:
            reader, done = endpoint.confirm
            again = {name: given[name] for name in reader.arguments.names if name in given}
            confirm = Confirm(lambda: self._prepare(reader, {**again, **options}), done)
        return self._sender.call(
            request,
            endpoint.arguments.module._parse_success,
            idempotent=endpoint.idempotent,
            options=options,
            secrets=secrets,
            if_lost=endpoint.if_lost(request) if endpoint.if_lost is not None else None,
            echo=("id", str(given[endpoint.echo])) if endpoint.echo is not None else None,
            confirm=confirm,
            stream=endpoint.stream,
        )


class RawResource(Generic[R]):
    """`<resource>.with_raw_response`: the same operations, each returning a `RawResponse` instead of the parsed
    model. The checks, retries and errors are those of the normal call; `parse()` gives what it returns."""

    def __init__(self, resource: R) -> None:
        self._resource = resource


_ResourceT = TypeVar("_ResourceT", bound=Resource)


def _returns(prepare: Callable[..., Any]) -> str:
    text = str(prepare.__annotations__.get("return", "Any"))  # "Call[X]": annotations are text here
    inner = text.removeprefix("Call[").removesuffix("]") if text.startswith("Call[") else text
    return inner.replace("_api.models.", "").replace("_api.", "")


def _positional(endpoint: Endpoint, args: tuple[object, ...]) -> UnexpectedArgumentError:
    example = next((parameter.name for parameter in endpoint.operation.parameters if parameter.required), "name")
    return UnexpectedArgumentError(
        endpoint.name, f"takes keyword arguments only, got {len(args)} positional (e.g. {example}=...)"
    )


def pair(
    prepare: Callable[Concatenate[_ResourceT, P], Call[R]], endpoint: Endpoint
) -> tuple[Callable[Concatenate[_ResourceT, P], R], Callable[Concatenate[_ResourceT, P], Coroutine[Any, Any, R]]]:
    """An operation's public method and its `_async` twin, from the one method that prepares its call."""

    @wraps(prepare)
    def method(self: _ResourceT, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if args:
            raise _positional(endpoint, args)
        return self._sender.send(prepare(self, *args, **kwargs))

    @wraps(prepare)
    async def method_async(self: _ResourceT, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if args:
            raise _positional(endpoint, args)
        return await self._sender.send_async(prepare(self, *args, **kwargs))

    signature = endpoint.signature(endpoint.shown or _returns(prepare))
    method.__name__ = method.__qualname__ = endpoint.name
    method_async.__name__ = method_async.__qualname__ = f"{endpoint.name}_async"
    method_async.__doc__ = (
        f"The async twin of `{endpoint.name}`: same arguments, result and errors.\n\n{prepare.__doc__ or ''}"
    )
    method.__signature__ = method_async.__signature__ = signature  # type: ignore[attr-defined]
    return method, method_async


def raw_pair(
    prepare: Callable[Concatenate[_ResourceT, P], Call[R]], endpoint: Endpoint
) -> tuple[
    Callable[Concatenate[RawResource[_ResourceT], P], RawResponse[R]],
    Callable[Concatenate[RawResource[_ResourceT], P], Coroutine[Any, Any, RawResponse[R]]],
]:
    """An operation's method of `with_raw_response`, and its `_async` twin."""

    @wraps(prepare)
    def method(self: RawResource[_ResourceT], /, *args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        if args:
            raise _positional(endpoint, args)
        resource = self._resource
        return resource._sender.send_raw(prepare(resource, *args, **kwargs))

    @wraps(prepare)
    async def method_async(self: RawResource[_ResourceT], /, *args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        if args:
            raise _positional(endpoint, args)
        resource = self._resource
        return await resource._sender.send_raw_async(prepare(resource, *args, **kwargs))

    signature = endpoint.signature(f"RawResponse[{endpoint.shown or _returns(prepare)}]")
    method.__name__ = method.__qualname__ = endpoint.name
    method_async.__name__ = method_async.__qualname__ = f"{endpoint.name}_async"
    method.__signature__ = method_async.__signature__ = signature  # type: ignore[attr-defined]
    return method, method_async
