from enum import StrEnum
from typing import Any


class FilePurpose(StrEnum):
    BATCH = "batch"
    FINE_TUNE = "fine-tune"
    OCR = "ocr"

    def __str__(self) -> str:
        return str(self.value)

    def __repr__(self) -> str:
        # As the official SDK's plain strings show, in a list or a model's repr: 'RUNNING'.
        return repr(self.value)

    @classmethod
    def _missing_(cls, value: object) -> Any:
        # A value this client does not know yet becomes a pseudo-member named UNKNOWN that keeps the raw string,
        # so it compares equal to what the server sent and serializes back unchanged.
        if isinstance(value, str):
            member = str.__new__(cls, value)
            member._name_ = "UNKNOWN"
            member._value_ = value
            return member
        return None

    @classmethod
    def from_json(cls, value: Any) -> "FilePurpose":
        """Return the member for a raw JSON value: one dict lookup for known values, ``_missing_`` otherwise."""
        return _MEMBERS.get(value) or cls(value)


_MEMBERS: dict[Any, FilePurpose] = {member.value: member for member in FilePurpose}
