"""Session-wide fixtures: the shared seed article and INEI boundaries, a temporary store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_dd7b726a8d2f355a.txt"
INEI = SHARED / "boundaries" / "inei-2007"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need_shared(path: Path) -> Path:
    """Return path; skip locally when ../shared is absent, but fail in CI where it must exist."""
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{path} is missing in CI")
        pytest.skip(f"{path} not present (../shared is absent outside CI)")
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    return need_shared(SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def inei_dir() -> Path:
    return need_shared(INEI)


@pytest.fixture(scope="session")
def gazetteer():
    from geo.gazetteer import load_gazetteer

    return load_gazetteer()


# --- store backends: SQLite (always) and PostgreSQL/PostGIS (a throwaway cluster) -------------
BACKENDS = ("sqlite", "postgis")
_PG_DB_COUNTER = [0]


@pytest.fixture(scope="session")
def pg_cluster():
    """A PostgreSQL 15 cluster with a migrated template database; skips locally when absent.

    In CI (CI=true) a cluster that cannot start fails the tests instead.
    """
    from tests.pgserver import ClusterError, start_cluster

    try:
        import psycopg  # noqa: F401

        cluster = start_cluster()
        template = cluster.create_database("pem_template")
        from geo.store.postgis import PostgisStore

        PostgisStore.open(template, min_size=1, max_size=1).close()
    except (ClusterError, ImportError) as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL must start in CI: {exc}")
        pytest.skip(f"PostgreSQL cannot start here: {exc}")
    yield cluster
    cluster.stop()


def new_pg_database(cluster) -> str:
    """A fresh, migrated database (a copy of the template) on the throwaway cluster; its URL."""
    import psycopg

    _PG_DB_COUNTER[0] += 1
    name = f"pem_t{os.getpid()}_{_PG_DB_COUNTER[0]}"
    with psycopg.connect(cluster.url("postgres"), autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}" TEMPLATE pem_template')  # our own name
    return cluster.url(name)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """Which store backend a test runs on (the test runs once per backend)."""
    return request.param


@pytest.fixture
def store_target(backend, request):
    """A callable: given the SQLite path a test would use, the path or a fresh PostGIS URL."""
    if backend == "sqlite":
        return lambda path: path
    cluster = request.getfixturevalue("pg_cluster")
    return lambda path: new_pg_database(cluster)


def pytest_collection_modifyitems(config, items):
    """Tests marked sqlite_only (they read SQLite files and pragmas) run on SQLite alone."""
    keep, drop = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if params.get("backend") == "postgis" and item.get_closest_marker("sqlite_only"):
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def sql_scalar(store, sql: str):
    """The first column of the first row of a fixed SQL query, on either backend."""
    if hasattr(store, "_conn"):
        return store._conn().execute(sql).fetchone()[0]
    with store._read() as con:
        return con.execute(sql).fetchone()[0]
