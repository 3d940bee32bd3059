"""Contains some shared types for properties"""

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import IO, Any, BinaryIO, ClassVar, Generic, Literal, TypeVar


class Unset:
    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Unset = Unset()


class UnknownVariant:
    """A union member this client does not know: its tag (e.g. `job_type`) names no known variant.

    The whole JSON object is kept in `raw`, and `to_dict()` gives it back unchanged.
    """

    __slots__ = ("raw", "tag")
    is_unknown: ClassVar[bool] = True

    def __init__(self, tag: str, raw: dict[str, Any]) -> None:
        self.tag = tag
        """ The name of the property that selects the variant. """
        self.raw = raw
        """ The object as the server sent it. """

    @property
    def tag_value(self) -> Any:
        """The tag's value as sent, or None when it was missing."""
        return self.raw.get(self.tag)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.raw)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UnknownVariant):
            return NotImplemented
        return (self.tag, self.raw) == (other.tag, other.raw)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the models

    def __repr__(self) -> str:
        return f"UnknownVariant(tag={self.tag!r}, raw={self.raw!r})"


def fields_or_unset(src: Mapping[str, Any], fields: tuple[str, ...], required: frozenset[str]) -> tuple[Any, ...]:
    """Read `fields` from `src`, UNSET for an absent optional one; raise KeyError naming a missing required one."""
    missing = [name for name in fields if name in required and name not in src]
    if missing:
        raise KeyError(missing[0])
    return tuple(src.get(name, UNSET) for name in fields)


def redacted(value: object) -> str:
    """The repr of a secret field (an API key, a token): never its value."""
    return "'***'" if value is not UNSET else "UNSET"


# The types that `httpx2.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@dataclass
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx2 will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@dataclass
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
