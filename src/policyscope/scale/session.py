"""One SparkSession per process, configured for policyscope: UTC dates, the current interpreter for the
Python workers, a quiet log, and a status-tracker poll that turns a running job into a rich progress bar.

``local[*]`` runs on this machine; a ``spark://`` or ``yarn`` master runs the same job on a cluster (the
inputs must then be readable by every executor, e.g. on a shared file system or object store)."""

from __future__ import annotations

import os
import shutil
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from policyscope.errors import PolicyscopeError
from policyscope.settings import settings

T = TypeVar("T")

class SparkUnavailableError(PolicyscopeError, RuntimeError):
    """Spark cannot start here (no Java, no pyspark); the message says what to install."""


def _check_java() -> None:
    if os.environ.get("JAVA_HOME") or shutil.which("java"):
        return
    raise SparkUnavailableError("Spark needs Java 17: no `java` on the PATH and JAVA_HOME is unset "
                                "(install Debian's openjdk-17-jre-headless, which `make install` does)")


def spark_session(master: str | None = None, app: str = "policyscope", shuffle_partitions: int | None = None,
                  conf: dict[str, str] | None = None) -> Any:
    """The process's SparkSession (created on first use; a later call with another master gets the running
    one, as Spark allows one per JVM)."""
    _check_java()
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - pyspark is a pinned dependency
        raise SparkUnavailableError(f"pyspark is not installed ({exc}); run `make install`") from exc
    conf_env = settings()
    master = master or conf_env.spark_master
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    parts = shuffle_partitions or conf_env.spark_shuffle_partitions
    builder = (SparkSession.builder.master(master).appName(app)
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")  # our own bar, not Spark's
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.shuffle.partitions", str(parts))
               .config("spark.driver.memory", conf_env.spark_driver_memory)
               .config("spark.sql.execution.arrow.pyspark.enabled", "true"))
    for k, v in (conf or {}).items():
        builder = builder.config(k, v)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel(conf_env.spark_log)
    return session


def stage_progress(session: Any) -> tuple[int, int]:
    """(completed, total) tasks of the active stages, read from Spark's status tracker."""
    tracker = session.sparkContext.statusTracker()
    done = total = 0
    for sid in tracker.getActiveStageIds():
        info = tracker.getStageInfo(sid)
        if info is not None:
            done += info.numCompletedTasks
            total += info.numTasks
    return done, total


def run_with_progress(session: Any, action: Callable[[], T], on_tick: Callable[[int, int], None] | None,
                      every: float = 0.5) -> T:
    """Run a Spark action in a thread while the caller's ``on_tick(done, total)`` sees the task counts."""
    if on_tick is None:
        return action()
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["value"] = action()
        except BaseException as exc:  # handed back to the caller's thread
            box["error"] = exc

    t = threading.Thread(target=work, daemon=True)
    t.start()
    while t.is_alive():
        t.join(every)
        on_tick(*stage_progress(session))
    if "error" in box:
        raise box["error"]
    return box["value"]
