"""Broker round trip for the embedded default: kombu filesystem vs SQLAlchemy-on-SQLite.

Why this exists: the embedded default needs a Celery broker that runs without a server.
kombu offers two: the filesystem transport (one file per message, claimed with a file
lock) and the SQLAlchemy transport (a table in a SQLite file). This publishes N messages
and consumes them on the same machine, and reports messages per second for each, with
Redis beside them when it answers on 127.0.0.1:6379.

    .venv/bin/python bench/bench_broker.py [--messages 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import time
from pathlib import Path

from kombu import Connection, Exchange, Queue


def _transports(tmp: Path) -> dict[str, tuple[str, dict]]:
    folder = tmp / "fs"
    folder.mkdir()
    found = {
        "filesystem": (
            "filesystem://",
            {
                "data_folder_in": str(folder),
                "data_folder_out": str(folder),
                "control_folder": str(tmp / "control"),
                "polling_interval": 0.01,
            },
        ),
    }
    try:
        import sqlalchemy  # noqa: F401

        found["sqlalchemy (SQLite)"] = (f"sqla+sqlite:///{tmp / 'broker.sqlite3'}", {})
    except ImportError:
        pass
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        found["redis (server)"] = ("redis://127.0.0.1:6379/12", {})
    except OSError:
        pass
    return found


def _round_trip(url: str, options: dict, messages: int) -> tuple[float, float]:
    exchange = Exchange("bench", type="direct")
    queue = Queue("bench", exchange, routing_key="bench")
    with Connection(url, transport_options=options) as conn:
        with conn.channel() as channel:
            bound = queue(channel)
            bound.declare()
            bound.purge()
            producer = conn.Producer(channel)
            started = time.perf_counter()
            for index in range(messages):
                producer.publish(
                    {"job_id": index}, exchange=exchange, routing_key="bench", declare=[queue]
                )
            published = time.perf_counter() - started
            received = 0
            started = time.perf_counter()
            while received < messages:
                message = bound.get(no_ack=False)
                if message is None:
                    time.sleep(0.001)
                    continue
                message.ack()
                received += 1
            consumed = time.perf_counter() - started
    return messages / published, messages / consumed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'transport':<22}{'publish msg/s':>16}{'consume msg/s':>16}  (median of {args.runs})")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (url, options) in _transports(Path(tmp)).items():
            results = [_round_trip(url, options, args.messages) for _ in range(args.runs)]
            pub = statistics.median(r[0] for r in results)
            con = statistics.median(r[1] for r in results)
            print(f"{name:<22}{pub:>16,.0f}{con:>16,.0f}")


if __name__ == "__main__":
    main()
