"""The database: schema and migrations, transactional writes with history, published read-only views."""

from policyscope.store.database import Database, ReadOnlySQLError, StoreError, default_db_path, open_db

__all__ = ["Database", "ReadOnlySQLError", "StoreError", "default_db_path", "open_db"]
