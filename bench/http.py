"""HTTP benchmark (``make bench-http``): the suggestions endpoint against a bare endpoint, same run.

Creates a scratch PostgreSQL database, loads the reference data (every place near the borders,
instruments, programmes, structures) and a seeded set of ties, starts gunicorn with 4 workers on
127.0.0.1, and measures for each endpoint:

- throughput (requests/s) under a bounded load (``wrk`` when installed, else a threaded Python
  client), and the ratio suggestions / bare;
- single-client latency p50/p95 (one connection, one request at a time).

"suggestions (one org)" asks for the same organisation every time, as a page that is read again
and again (served from each worker's memo); "suggestions (cold)" cycles through every French
organisation near the border, each time with a search radius not asked before in the run (50, 49.5,
49 km...), so that no request is ever served from a memo: every one is computed (what a user who
opens an organisation nobody asked for since the last change waits). The single-client run of the
cold case uses radii of its own, so it is cold as well.
The bare endpoint is a 404 under /api/v1 (routing, hooks, headers and the JSON error body).
Everything goes to 127.0.0.1 only; the database and the server are removed at the end.
"""

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would hide the standard
# library's ``http``: take the folder off (``python -m bench.http`` works as well).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import http.client
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import threading
import time

import psycopg

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
BARE_PATH = "/api/v1/no-such-endpoint"
TARGET_RATIO, TARGET_P50_MS = 0.5, 2.0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, env):
    subprocess.run(args, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


class ScratchDatabase:
    def __init__(self, name, reuse=False):
        self.name, self.reuse = name, reuse
        self.url = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/" + name

    def __enter__(self):
        if self.reuse:
            return self
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
            conn.execute(f'CREATE DATABASE "{self.name}"')
        return self

    def __exit__(self, *exc):
        if self.reuse:
            return
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def seed_ties(env, count, seed):
    """Seeded ties between places of the same border area (so network proximity has something to read)."""
    code = f"""
import random
from sqlalchemy import select
from webapp import create_app
from webapp.extensions import db
from webapp.models import Organisation
from webapp.services.graph_bridge import bulk_changes
from webapp.services.ties import add_tie
app = create_app()
with app.app_context():
    rng = random.Random({seed})
    rows = db.session.execute(select(Organisation.id, Organisation.country, Organisation.latitude, Organisation.longitude)
                              .where(Organisation.latitude.is_not(None))).all()
    made, seen = 0, set()
    with bulk_changes():
        while made < {count}:
            a, b = rng.sample(rows, 2)
            if abs(a.latitude - b.latitude) > 0.5 or abs(a.longitude - b.longitude) > 0.7:
                continue
            pair = (min(a.id, b.id), max(a.id, b.id))
            if pair in seen:
                continue
            seen.add(pair)
            add_tie(a.id, b.id, rng.choice(["cooperation", "twinning", "convention"]))
            made += 1
    db.session.commit()
"""
    run([str(BIN / "python"), "-c", code], env)


def pick_targets(env):
    """A French commune near FR-CH (Saint-Louis if loaded) and every French organisation near FR-CH."""
    code = """
from sqlalchemy import select
from webapp import create_app
from webapp.extensions import db
from webapp.models import Organisation, OrganisationBorder
app = create_app()
with app.app_context():
    ids = db.session.scalars(select(Organisation.id).join(OrganisationBorder).where(
        OrganisationBorder.border == "FR-CH", Organisation.country == "FR").order_by(Organisation.id)).all()
    first = db.session.scalar(select(Organisation.id).where(Organisation.official_code == "68297")) or ids[0]
    print(first, ",".join(map(str, ids)))
"""
    out = subprocess.run([str(BIN / "python"), "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    first, ids = out.split()[-2:]
    return int(first), [int(i) for i in ids.split(",")]


def start_gunicorn(env, port, workers):
    process = subprocess.Popen(
        # Each worker builds its graph on its first suggestions request: several seconds, more than
        # gunicorn's default 30 s worker timeout on a busy machine where four workers build at once.
        [
            str(BIN / "gunicorn"),
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            "300",
            "wsgi:app",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", BARE_PATH)
            conn.getresponse().read()
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def get(conn, path):
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    return response.status


def single_client(port, paths, n):
    """Latencies (ms) of ``n`` requests one after the other, cycling through ``paths``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times, statuses = [], set()
    for i in range(n):
        start = time.perf_counter()
        statuses.add(get(conn, paths[i % len(paths)]))
        times.append((time.perf_counter() - start) * 1000)
    conn.close()
    return times, statuses


def python_throughput(port, paths, seconds, clients, timeout=30):
    counts, statuses, stop_at = [0] * clients, set(), time.perf_counter() + seconds

    def worker(k):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        i = k
        while time.perf_counter() < stop_at:
            statuses.add(get(conn, paths[i % len(paths)]))
            counts[k] += 1
            i += clients
        conn.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.perf_counter() - start), statuses


# Each wrk thread takes every n-th path from its own offset: no path is sent twice before all were.
WRK_SCRIPT = """
paths = {%s}
local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end
function init(args)
  counter = offset
  step = %d
end
request = function()
  local path = paths[(counter %% #paths) + 1]
  counter = counter + step
  return wrk.format("GET", path)
end
"""
WRK_THREADS = 2


def wrk_throughput(port, paths, seconds, clients, tmp):
    script = Path(tmp) / "paths.lua"
    script.write_text(WRK_SCRIPT % (", ".join(f'"{p}"' for p in paths), WRK_THREADS))
    out = subprocess.run(
        ["wrk", "-t", str(WRK_THREADS), "-c", str(clients), "-d", f"{seconds}s", "-s", str(script), f"http://127.0.0.1:{port}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, int(errors.group(1)) if errors else 0


def server_cpu_seconds(master_pid):
    """CPU seconds (user + system) used so far by gunicorn's workers, read from /proc (None elsewhere).

    On a machine shared with other work, throughput and latency move with everybody else's load; the
    CPU a worker spends per request does much less, so it is printed next to them.
    """
    if not Path("/proc/self/stat").exists():
        return None
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
        except OSError:  # a process that ended meanwhile
            continue
        if int(fields[1]) == master_pid:  # ppid
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def percentile(values, q):
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main():
    # A SIGTERM (timeout, kill) still stops gunicorn and drops the scratch database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=8, help="duration of each throughput run")
    parser.add_argument("--clients", type=int, default=16, help="concurrent connections of the load generator")
    parser.add_argument("--single", type=int, default=400, help="requests per single-client latency run")
    parser.add_argument("--ties", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reuse", metavar="NAME", help="an existing database loaded by an earlier run (kept; for profiling)")
    parser.add_argument("--python-client", action="store_true", help="use the threaded Python client even if wrk is installed")
    args = parser.parse_args()
    random.seed(args.seed)
    use_wrk = shutil.which("wrk") and not args.python_client

    with ScratchDatabase(args.reuse or f"passerelle_bench_http_{os.getpid()}", reuse=bool(args.reuse)) as database:
        env = {**os.environ, "DATABASE_URL": database.url, "PASSERELLE_ENV": "development", "RATELIMIT_STORAGE_URI": "memory://"}
        env.pop("FLASK_DEBUG", None)
        t0 = time.perf_counter()
        run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], env)
        if not args.reuse:
            run([str(BIN / "flask"), "--app", "wsgi", "reference", "load"], env)
            seed_ties(env, args.ties, args.seed)
        organisation, cycle = pick_targets(env)
        print(
            f"{'reused' if args.reuse else 'scratch'} database {database.name}: reference data + {args.ties} seeded ties, "
            f"ready in {time.perf_counter() - t0:.1f} s"
        )
        port = free_port()
        server = start_gunicorn(env, port, args.workers)
        try:
            one = [f"/api/v1/organisations/{organisation}/suggestions?border=FR-CH"]

            # Radii 50, 49.5 ... 40.5 for the load generator, 40 ... 35.5 for the single client: never memoised.
            def cold(radii):
                return [f"/api/v1/organisations/{o}/suggestions?border=FR-CH&radius_km={r / 2:g}" for r in radii for o in cycle]

            many, many_single = cold(range(100, 80, -1)), cold(range(80, 70, -1))
            # Every worker builds its graph before anything is timed.
            _rate, seen = python_throughput(port, one, 3, args.workers * 2, timeout=300)
            if seen != {200}:
                raise SystemExit(f"the suggestions endpoint answered {sorted(seen)} while warming up: see gunicorn's log above")
            load = os.getloadavg()
            print(
                f"gunicorn: {args.workers} sync workers on 127.0.0.1:{port}; load generator: "
                f"{'wrk, 2 threads' if use_wrk else 'Python threads'}, {args.clients} connections, {args.seconds} s per run; "
                f"{os.cpu_count()} CPUs, load average before the runs {load[0]:.2f}"
            )
            print(
                f"organisation {organisation} (border FR-CH); cold: {len(many)} distinct requests over {len(cycle)} "
                "French organisations near FR-CH (each never asked before in the run)\n"
            )
            results = {}
            cases = (
                ("bare 404", [BARE_PATH], [BARE_PATH]),
                ("suggestions (one org)", one, one),
                ("suggestions (cold)", many, many_single),
            )
            for name, paths, single_paths in cases:
                cpu_before, started = server_cpu_seconds(server.pid), time.perf_counter()
                if use_wrk:
                    rate, bad = wrk_throughput(port, paths, args.seconds, args.clients, "/tmp")
                    statuses = f"{bad} non-2xx" if name != "bare 404" else "404s"
                else:
                    rate, seen = python_throughput(port, paths, args.seconds, args.clients)
                    statuses = ",".join(map(str, sorted(seen)))
                cpu_after, elapsed = server_cpu_seconds(server.pid), time.perf_counter() - started
                cpu_ms = None if cpu_before is None or cpu_after is None else (cpu_after - cpu_before) * 1000 / (rate * elapsed)
                times, seen = single_client(port, single_paths, args.single)
                results[name] = (rate, percentile(times, 50), percentile(times, 95), cpu_ms)
                cpu = "" if cpu_ms is None else f"   workers' CPU {cpu_ms:5.2f} ms/request"
                print(
                    f"{name:24s} {rate:8.0f} req/s   single client p50 {results[name][1]:6.2f} ms  p95 {results[name][2]:6.2f} ms"
                    f"{cpu}   (statuses {statuses}; single client {sorted(seen)})"
                )
        finally:
            stop(server)
        bare, bare_cpu = results["bare 404"][0], results["bare 404"][3]
        print()
        for name in ("suggestions (one org)", "suggestions (cold)"):
            rate, p50, _p95, cpu_ms = results[name]
            cpu = "" if cpu_ms is None or bare_cpu is None else f"; CPU per request: bare / this = {bare_cpu / cpu_ms:.2f}"
            print(
                f"{name}: {rate / bare:.2f} of the bare endpoint's throughput (target >= {TARGET_RATIO}); "
                f"p50 {p50:.2f} ms (target < {TARGET_P50_MS} ms){cpu}"
            )
        print(f"load average after the runs: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
