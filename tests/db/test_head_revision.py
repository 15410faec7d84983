"""The head revision written in the code, used to open a current base without importing Alembic."""

from __future__ import annotations

from ticeinventory.db.database import HEAD_REVISION, _scripts, head_revision, known_revisions


def test_the_constant_is_alembics_head() -> None:
    # A new migration without updating HEAD_REVISION would open old bases without migrating them.
    assert head_revision() == HEAD_REVISION == _scripts().get_current_head()


def test_the_head_is_a_known_revision() -> None:
    assert HEAD_REVISION in known_revisions()
