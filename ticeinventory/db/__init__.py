"""Database layer. Importing the package loads every mapped module, so ``Base.metadata`` is complete
for Alembic (``migrations/env.py``) and for the mappers' string references."""

from . import maintenance_models, models

__all__ = ["models", "maintenance_models"]
