"""Errors the application reports to its users, each with a French message saying what to do."""

from __future__ import annotations


class TiceError(Exception):
    """Base of every error meant to be shown to a user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(TiceError):
    """One or more fields are wrong; ``errors`` maps a field name to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("\n".join(self.errors.values()))


class NotFoundError(TiceError):
    pass


class RuleError(TiceError):
    """An action that a rule of the conventions forbids."""


class DatabaseError(TiceError):
    """The database cannot be opened or used."""


class SchemaTooNewError(DatabaseError):
    pass


class NotATiceDatabaseError(DatabaseError):
    pass
