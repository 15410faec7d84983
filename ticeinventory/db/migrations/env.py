"""Alembic environment: the application hands over an open connection (see ticeinventory.db.database)."""

from alembic import context
from sqlalchemy import create_engine

from ticeinventory.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic` command line during development
        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
        return
    _run(connection)


def _include_name(name, type_, _parent_names) -> bool:
    """The search index (migrations 0004, 0005: ``search_equipment``, FTS5's own tables, ``search_school_text``,
    ``search_model_text``) has no ORM model: autogenerate must not propose to drop it."""
    return not (type_ == "table" and name and name.startswith("search_"))


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=_include_name,
        render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
