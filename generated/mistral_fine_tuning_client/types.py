"""Contains some shared types for properties"""

from collections.abc import Mapping, MutableMapping
from typing import IO, Any, BinaryIO, ClassVar, Generic, Literal, TypeVar

from attrs import define


class Unset:
    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Unset = Unset()


@define
class UnknownVariant:
    """A union member this client does not know: its tag (e.g. `job_type`) names no known variant.

    The whole JSON object is kept in `raw`, and `to_dict()` gives it back unchanged.
    """

    tag: str
    """ The name of the property that selects the variant. """
    raw: dict[str, Any]
    """ The object as the server sent it. """
    is_unknown: ClassVar[bool] = True

    @property
    def tag_value(self) -> Any:
        """The tag's value as sent, or None when it was missing."""
        return self.raw.get(self.tag)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.raw)


def fields_or_unset(src: Mapping[str, Any], fields: tuple[str, ...], required: frozenset[str]) -> tuple[Any, ...]:
    """Read `fields` from `src`, UNSET for an absent optional one; raise KeyError naming a missing required one."""
    missing = [name for name in fields if name in required and name not in src]
    if missing:
        raise KeyError(missing[0])
    return tuple(src.get(name, UNSET) for name in fields)


def redacted(value: object) -> str:
    """The repr of a secret field (an API key, a token): never its value."""
    return "'***'" if value is not UNSET else "UNSET"


# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: int
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


__all__ = [
    "UNSET",
    "File",
    "FileTypes",
    "RequestFiles",
    "Response",
    "UnknownVariant",
    "Unset",
    "fields_or_unset",
    "redacted",
]
