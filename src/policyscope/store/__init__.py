"""The database: schema and migrations, transactional writes with history, published read-only views."""

from policyscope.store.database import (
    Database,
    ReadOnlySQLError,
    StoreBusy,
    StoreError,
    StoreNotFound,
    default_db_path,
    open_db,
    write_lock,
)

__all__ = ["Database", "ReadOnlySQLError", "StoreBusy", "StoreError", "StoreNotFound", "default_db_path", "open_db", "write_lock"]
