"""A throwaway PostgreSQL 15 + PostGIS cluster for tests and benches (initdb/pg_ctl in a temp dir).

The server listens on 127.0.0.1 at a free port and on a unix socket in its own folder; as root
it runs as the `postgres` OS user (PostgreSQL refuses to run as root). Nothing outside the
folder is touched, and stop() removes it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


def _pg_bin() -> Path:
    """The newest Debian PostgreSQL binaries (/usr/lib/postgresql/N/bin), or $PEM_PG_BIN."""
    if os.environ.get("PEM_PG_BIN"):
        return Path(os.environ["PEM_PG_BIN"])
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()


class ClusterError(RuntimeError):
    """PostgreSQL could not be started here (binaries missing, initdb or start failed)."""


@dataclass
class Cluster:
    """A running throwaway cluster: admin_url reaches the `postgres` database."""

    root: Path
    port: int
    user: str

    def url(self, dbname: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, dbname: str) -> str:
        """A new database with postgis and unaccent; returns its URL."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{dbname}"')  # name from the test suite, not users
        with psycopg.connect(self.url(dbname), autocommit=True) as con:
            con.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            con.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        return self.url(dbname)

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server's processes have used so far (Linux /proc)."""
        pid_file = self.root / "data" / "postmaster.pid"
        postmaster = int(pid_file.read_text().split()[0])
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a process that just ended
            if int(entry.name) == postmaster or int(fields[1]) == postmaster:
                total += int(fields[11]) + int(fields[12])
        return total / tick

    def stop(self) -> None:
        _run(_as_owner([str(PG_BIN / "pg_ctl"), "-D", str(self.root / "data"), "-m", "fast",
                        "stop"]), check=False)  # fmt: skip
        shutil.rmtree(self.root, ignore_errors=True)


def _as_owner(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _run(cmd: list[str], check: bool = True) -> subprocess.CompletedProcess:
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if check and res.returncode != 0:
        raise ClusterError(f"{' '.join(cmd)} failed: {(res.stderr or res.stdout).strip()[-500:]}")
    return res


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_cluster(fsync: bool = False) -> Cluster:
    """initdb + pg_ctl start in a fresh temp folder; raises ClusterError when it cannot."""
    if not (PG_BIN / "initdb").exists():
        raise ClusterError(f"no PostgreSQL binaries at {PG_BIN} (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="pem-pg-"))
    user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
    try:
        if os.geteuid() == 0:
            shutil.chown(root, "postgres", "postgres")
        _run(_as_owner([str(PG_BIN / "initdb"), "-D", str(root / "data"), "-U", user,
                        "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]))  # fmt: skip
        port = _free_port()
        opts = (
            f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} "
            "-c max_connections=100 -c shared_buffers=256MB -c work_mem=32MB "
            "-c maintenance_work_mem=256MB -c max_wal_size=2GB"
        )
        if not fsync:
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        _run(_as_owner([str(PG_BIN / "pg_ctl"), "-D", str(root / "data"), "-o", opts,
                        "-l", str(root / "server.log"), "-w", "-t", "60", "start"]))  # fmt: skip
    except (ClusterError, OSError, subprocess.SubprocessError) as exc:
        log = root / "server.log"
        tail = log.read_text(errors="replace")[-500:] if log.exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise ClusterError(f"{exc} {tail}".strip()) from None
    cluster = Cluster(root, port, user)
    for _ in range(50):
        try:
            import psycopg

            psycopg.connect(cluster.url("postgres"), connect_timeout=2).close()
            return cluster
        except Exception:
            time.sleep(0.2)
    cluster.stop()
    raise ClusterError("the server started but does not accept connections")
