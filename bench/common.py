"""What the benchmarks share: a scratch database, a statement counter, medians as JSON."""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@contextmanager
def scratch_engine(server_url: str | None = None) -> Iterator[Engine]:
    """A new migrated database for one run: on the PostgreSQL server at `server_url`
    (made and dropped), or a SQLite file."""
    from models.db import create_db_engine, upgrade_to_head

    with tempfile.TemporaryDirectory() as tmp:
        if server_url:
            base = sa.make_url(server_url).set(drivername="postgresql+psycopg")
            name = f"achiev_bench_{uuid.uuid4().hex[:8]}"
            admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
            url = base.set(database=name).render_as_string(hide_password=False)
        else:
            admin, url = None, f"sqlite:///{tmp}/bench.db"
        engine = create_db_engine(url)
        upgrade_to_head(engine)
        try:
            yield engine
        finally:
            engine.dispose()
            if admin is not None:
                with admin.connect() as conn:
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()


class StatementCounter:
    """Counts the SQL statements an engine runs while `counting` is on."""

    def __init__(self, engine: Engine) -> None:
        self.count = 0
        sa.event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *_args: object) -> None:
        self.count += 1

    @contextmanager
    def counting(self) -> Iterator[None]:
        """Reset, then count the statements run inside the block."""
        self.count = 0
        yield


def measure(fn: Callable[[], object], *, repeat: int = 7, warmup: int = 1) -> dict[str, float]:
    """Median, min and max milliseconds of `fn` over `repeat` runs after `warmup` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return {
        "median_ms": round(statistics.median(times), 2),
        "min_ms": round(min(times), 2),
        "max_ms": round(max(times), 2),
        "runs": repeat,
    }


def emit(name: str, figures: dict) -> None:
    """Print the benchmark's figures as one JSON document."""
    print(json.dumps({"benchmark": name, **figures}, indent=2))
