#!/usr/bin/env python3
"""A real single-node Apache Kafka broker (KRaft) on loopback, without Docker.

The jars come from Maven Central through ``deploy/kafka/pom.xml`` (``mvn`` and Java 17+ are the only
prerequisites) and are cached once per Kafka version under ``$UNIONFED_CACHE`` (default
``~/.cache/unionfed``). Everything belonging to one broker lives in the directory given with
``--dir``: ``server.properties``, ``log4j2.xml``, ``data/``, ``logs/``, ``kafka.out``, ``pid`` and
``bootstrap``.

Command line::

    python3 deploy/kafka/localkafka.py fetch
    python3 deploy/kafka/localkafka.py start  --dir var/kafka [--timeout 90]  # prints bootstrap
    python3 deploy/kafka/localkafka.py status --dir var/kafka   # exit 0 running, 3 stopped
    python3 deploy/kafka/localkafka.py stop   --dir var/kafka

From Python (the test harness loads this file with importlib)::

    broker = start(Path(d)); ...; stop(Path(d))

Standard library only, so it runs with any ``python3`` >= 3.11, inside or outside the uv venv.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
HOST = "127.0.0.1"
MAIN_CLASS = "kafka.Kafka"
STORAGE_TOOL = "kafka.tools.StorageTool"
# Small heap: a test broker holds little data, and it shares a 2-core machine with the tests.
HEAP_OPTS = ["-Xms256m", "-Xmx768m"]
DEFAULT_TIMEOUT = 90.0
STOP_GRACE = 20.0
# Port races (another process grabbing a port between our probe and Kafka's bind) are rare but
# real on a busy CI machine; a few tries with fresh ports make them invisible.
START_ATTEMPTS = 3


class LocalKafkaError(RuntimeError):
    """Fetching, formatting or starting the broker failed; the message says why."""


@dataclass(frozen=True)
class Broker:
    bootstrap_servers: str
    pid: int
    dir: Path


def _say(msg: str) -> None:
    # Progress goes to stderr so that stdout's last line is only ever the bootstrap address.
    print(f"[localkafka] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# fetch: jars from Maven Central into the cache, once per pom.xml content
# --------------------------------------------------------------------------------------------


def kafka_version(pom: Path | None = None) -> str:
    pom = pom or POM
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    root = ET.parse(pom).getroot()  # noqa: S314 - our own pom.xml, not untrusted input
    node = root.find("m:properties/m:kafka.version", ns)
    if node is None or not (node.text or "").strip():
        raise LocalKafkaError(f"{pom} has no <kafka.version> property")
    return node.text.strip()


def cache_root() -> Path:
    env = os.environ.get("UNIONFED_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "unionfed"


def libs_dir() -> Path:
    return cache_root() / f"kafka-{kafka_version()}" / "libs"


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    # Two test sessions may start at once on a cold cache; only one of them should run Maven.
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def fetch() -> Path:
    """Copy Kafka and its dependencies into the cache unless this very pom.xml already did."""
    libs = libs_dir()
    home = libs.parent
    stamp = home / "fetched.stamp"
    # The stamp holds the pom's hash, so a changed logging pin refetches even at the same version.
    digest = hashlib.sha256(POM.read_bytes()).hexdigest()
    if stamp.is_file() and stamp.read_text().strip() == digest and libs.is_dir():
        return libs
    with _file_lock(home.parent / f"kafka-{kafka_version()}.lock"):
        if stamp.is_file() and stamp.read_text().strip() == digest and libs.is_dir():
            return libs  # another process fetched while we waited for the lock
        mvn = shutil.which("mvn")
        if mvn is None:
            raise LocalKafkaError("`mvn` not found on PATH: install Maven 3.8+ and Java 17+")
        # Download beside the final place and rename, so an interrupted fetch leaves no half set.
        staging = home / "libs.partial"
        shutil.rmtree(staging, ignore_errors=True)
        cmd = [
            mvn,
            "-q",
            "-B",
            "-f",
            str(POM),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={staging}",
        ]
        _say(f"fetching Kafka {kafka_version()} jars: {' '.join(cmd)}")
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)  # noqa: S603
        if proc.returncode != 0 or not any(staging.glob("kafka_2.13-*.jar")):
            # Maven 3.8 emits colour resets even in batch mode; they only clutter an error.
            output = re.sub(r"\x1b\[[0-9;]*m", "", f"{proc.stdout}\n{proc.stderr}").strip()
            raise LocalKafkaError(f"Maven failed (exit {proc.returncode}):\n{output}")
        shutil.rmtree(libs, ignore_errors=True)
        staging.rename(libs)
        stamp.write_text(digest + "\n")
        _say(f"cached {sum(1 for _ in libs.glob('*.jar'))} jars in {libs}")
    return libs


# --------------------------------------------------------------------------------------------
# configuration files for one broker directory
# --------------------------------------------------------------------------------------------


def _free_ports(count: int) -> list[int]:
    # Hold every probe socket open until all are chosen, so the ports differ from each other.
    socks = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind((HOST, 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _server_properties(d: Path, broker_port: int, controller_port: int) -> str:
    return f"""\
# Written by deploy/kafka/localkafka.py: a throwaway single-node KRaft cluster on loopback.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers={HOST}:{controller_port}
listeners=PLAINTEXT://{HOST}:{broker_port},CONTROLLER://{HOST}:{controller_port}
advertised.listeners=PLAINTEXT://{HOST}:{broker_port},CONTROLLER://{HOST}:{controller_port}
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs={d / "data"}

# One node: every internal topic must make do with a single replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
min.insync.replicas=1
default.replication.factor=1
# Fewer internal partitions than the default 50: the first consumer group and the first
# idempotent producer then wait milliseconds, not seconds, for their coordinator.
offsets.topic.num.partitions=5
transaction.state.log.num.partitions=5

# Tests join groups constantly; the default 3 s delay would be paid by every one of them.
group.initial.rebalance.delay.ms=0
# Topics are created on purpose (as in production), never by a typo in a producer.
auto.create.topics.enable=false
num.partitions=3
"""


def _log4j2_xml(d: Path) -> str:
    # Everything goes to logs/server.log; the console (kafka.out) only gets errors, so a test
    # run's output is not drowned in broker chatter. shutdownHook="disable": log4j's own hook
    # would otherwise close the log before Kafka's shutdown hook has said how shutdown went.
    log = d / "logs" / "server.log"
    return f"""\
<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN" shutdownHook="disable">
  <Appenders>
    <Console name="console" target="SYSTEM_OUT">
      <ThresholdFilter level="ERROR"/>
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </Console>
    <RollingFile name="file" fileName="{log}" filePattern="{log}.%i">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
      <Policies><SizeBasedTriggeringPolicy size="50 MB"/></Policies>
      <DefaultRolloverStrategy max="2"/>
    </RollingFile>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="console"/><AppenderRef ref="file"/></Root>
    <Logger name="state.change.logger" level="WARN"/>
    <Logger name="kafka.request.logger" level="WARN"/>
    <Logger name="org.apache.kafka.clients" level="WARN"/>
    <!-- Each config object dumps all its ~300 settings at INFO; server.properties says it all. -->
    <Logger name="org.apache.kafka.common.config.AbstractConfig" level="WARN"/>
  </Loggers>
</Configuration>
"""


def _random_cluster_id() -> str:
    # Same shape as Kafka's Uuid.randomUuid(): url-safe base64 of 16 random bytes, no padding,
    # never starting with '-' (it would read as a command-line flag).
    while True:
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cid.startswith("-"):
            return cid


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise LocalKafkaError("`java` not found (set JAVA_HOME or put Java 17+ on PATH)")
    return java


def _java_cmd(d: Path, libs: Path, main: str, *args: str) -> list[str]:
    return [
        _java(), *HEAP_OPTS,
        "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:+ExitOnOutOfMemoryError",
        # C1 only: on a 2-core machine the C2 compiler threads fight the tests for CPU while
        # the broker starts (measured: ~3.6 s to ready instead of 4-7 s), and a test broker's
        # load is far too light to miss C2's faster steady-state code. Benchmarks want C2:
        # they set UNIONFED_KAFKA_FULL_JIT=1.
        *([] if os.environ.get("UNIONFED_KAFKA_FULL_JIT") else ["-XX:TieredStopAtLevel=1"]),
        "-Djava.awt.headless=true",
        f"-Dlog4j2.configurationFile={d / 'log4j2.xml'}",
        f"-Dkafka.logs.dir={d / 'logs'}",
        "-cp", f"{libs}/*", main, *args,
    ]  # fmt: skip


def _prepare(d: Path, libs: Path) -> None:
    """Fresh ports, fresh config and freshly formatted, empty storage in ``d``."""
    broker_port, controller_port = _free_ports(2)
    shutil.rmtree(d / "data", ignore_errors=True)
    (d / "logs").mkdir(parents=True, exist_ok=True)
    (d / "server.properties").write_text(_server_properties(d, broker_port, controller_port))
    (d / "log4j2.xml").write_text(_log4j2_xml(d))
    (d / "bootstrap").write_text(f"{HOST}:{broker_port}\n")
    # --standalone: Kafka 4 formats a single-node *dynamic* quorum (KIP-853) whose only voter is
    # this node; it goes with controller.quorum.bootstrap.servers instead of quorum.voters.
    cmd = _java_cmd(d, libs, STORAGE_TOOL, "format", "--standalone",
                    "--config", str(d / "server.properties"),
                    "--cluster-id", _random_cluster_id())  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)  # noqa: S603
    if proc.returncode != 0:
        raise LocalKafkaError(f"formatting storage failed:\n{proc.stdout}\n{proc.stderr}".rstrip())


# --------------------------------------------------------------------------------------------
# process bookkeeping
# --------------------------------------------------------------------------------------------

# Brokers started by this Python process. Keeping the Popen objects lets us reap our own child
# (otherwise it lingers as a zombie that still "exists" for kill(pid, 0)) and stops Popen.__del__
# warning that a subprocess is still running.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


def _alive(pid: int) -> bool:
    child = _CHILDREN.get(pid)
    if child is not None:
        return child.poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # Someone else's exited child is a zombie until its parent reaps it: count it as dead.
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    return True


def _is_our_kafka(pid: int, d: Path) -> bool:
    """True when ``pid`` is alive and, where /proc can tell, is the Kafka JVM of ``d``.

    The command-line check guards against a stale pid file whose number the OS gave to an
    unrelated process since.
    """
    if not _alive(pid):
        return False
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return True  # no /proc (macOS): trust the pid file
    return MAIN_CLASS.encode() in args and str(d / "server.properties").encode() in args


def _read_pid(d: Path) -> int | None:
    try:
        return int((d / "pid").read_text().strip())
    except (OSError, ValueError):
        return None


def _read_bootstrap(d: Path) -> str | None:
    try:
        return (d / "bootstrap").read_text().strip() or None
    except OSError:
        return None


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"({path} is missing)"


# --------------------------------------------------------------------------------------------
# readiness: a real Kafka request, not just an open port
# --------------------------------------------------------------------------------------------


def _kafka_request(bootstrap: str, api_key: int, body: bytes, timeout: float = 2.0) -> bytes | None:
    """Send one version-0 request; return the reply after its correlation id, None on failure.

    Version 0 of both requests used here keeps the wire format trivial (request header v1, no
    tagged fields), and Kafka 4 still serves v0 of ApiVersions and FindCoordinator.
    """
    host, port = bootstrap.rsplit(":", 1)
    client_id = b"localkafka"
    correlation_id = 0x5AFE
    # Request header v1: api_key, api_version=0, correlation_id, client_id (int16-sized string).
    header = struct.pack(">hhih", api_key, 0, correlation_id, len(client_id)) + client_id
    try:
        with socket.create_connection((host, int(port)), timeout=timeout) as s:
            s.sendall(struct.pack(">i", len(header) + len(body)) + header + body)
            size = struct.unpack(">i", _recv_exactly(s, 4))[0]
            reply = _recv_exactly(s, size)
    except (OSError, struct.error):
        return None
    if len(reply) < 4 or struct.unpack(">i", reply[:4])[0] != correlation_id:
        return None
    return reply[4:]


def _recv_exactly(s: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise OSError("connection closed")
        buf += chunk
    return buf


def _answers(bootstrap: str) -> bool:
    """True once an ApiVersions request (key 18) gets a reply.

    A KRaft broker binds its port early but only processes requests once it has caught up with
    the metadata log and been unfenced, so any reply means clients can work. Even a broker that
    rejected v0 would answer (UNSUPPORTED_VERSION plus its version list).
    """
    reply = _kafka_request(bootstrap, 18, b"")
    return reply is not None and len(reply) >= 2


def _warm_group_coordinator(bootstrap: str, deadline: float) -> None:
    """Have the broker create __consumer_offsets now, not when a test's first group joins.

    FindCoordinator (key 10) for any group makes the broker create the offsets topic; until its
    partitions are loaded the broker answers COORDINATOR_NOT_AVAILABLE, which aiokafka logs at
    ERROR level and retries. Doing it here keeps that noise out of test output. Best effort: a
    broker that is slow at this still works, so this never fails a start.
    """
    group = b"localkafka-warmup"
    body = struct.pack(">h", len(group)) + group
    while time.monotonic() < deadline:
        reply = _kafka_request(bootstrap, 10, body)
        if reply is not None and len(reply) >= 2 and struct.unpack(">h", reply[:2])[0] == 0:
            return
        time.sleep(0.1)


# --------------------------------------------------------------------------------------------
# start / stop / status
# --------------------------------------------------------------------------------------------


def _launch(d: Path, libs: Path) -> int:
    out = (d / "kafka.out").open("ab")
    try:
        proc = subprocess.Popen(  # noqa: S603 - argv we built, no shell
            _java_cmd(d, libs, MAIN_CLASS, str(d / "server.properties")),
            cwd=d,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            # Own session: Ctrl-C in the terminal or pytest's process group does not reach it;
            # only stop() does, after a clean shutdown had its chance.
            start_new_session=True,
        )
    finally:
        out.close()
    _CHILDREN[proc.pid] = proc
    (d / "pid").write_text(f"{proc.pid}\n")
    return proc.pid


def _wait_ready(d: Path, pid: int, deadline: float) -> bool:
    """True once the broker answers; False if it died or the deadline passed."""
    bootstrap = _read_bootstrap(d) or ""
    while time.monotonic() < deadline:
        if not _alive(pid):
            return False
        if _answers(bootstrap):
            return True
        time.sleep(0.2)
    return False


def _port_clash(d: Path) -> bool:
    text = _tail(d / "kafka.out", 200) + _tail(d / "logs" / "server.log", 200)
    return "Address already in use" in text


def start(dir: Path, timeout: float = DEFAULT_TIMEOUT) -> Broker:
    """Start a broker in ``dir`` (or return the one already running there).

    Each fresh start gets new ports and empty storage: this broker is scaffolding for tests and
    local runs, and its data is not meant to outlive it.
    """
    d = Path(dir).resolve()
    d.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    pid = _read_pid(d)
    if pid is not None and _is_our_kafka(pid, d):
        if not _wait_ready(d, pid, deadline):
            raise LocalKafkaError(f"broker pid {pid} in {d} is running but not answering")
        return Broker(_read_bootstrap(d) or "", pid, d)
    libs = fetch()
    for attempt in range(1, START_ATTEMPTS + 1):
        _prepare(d, libs)
        pid = _launch(d, libs)
        _say(f"started pid {pid} on {_read_bootstrap(d)}; waiting for it to answer")
        if _wait_ready(d, pid, deadline):
            bootstrap = _read_bootstrap(d) or ""
            _warm_group_coordinator(bootstrap, min(deadline, time.monotonic() + 10))
            return Broker(bootstrap, pid, d)
        clash = not _alive(pid) and _port_clash(d)
        _kill(d, pid, grace=5.0)
        if not clash or attempt == START_ATTEMPTS or time.monotonic() >= deadline:
            break
        _say("port taken before Kafka could bind it; retrying with fresh ports")
    raise LocalKafkaError(
        f"Kafka did not come up within {timeout:.0f}s in {d}\n"
        f"--- {d / 'kafka.out'} ---\n{_tail(d / 'kafka.out')}\n"
        f"--- {d / 'logs' / 'server.log'} ---\n{_tail(d / 'logs' / 'server.log')}"
    )


def _kill(d: Path, pid: int, grace: float = STOP_GRACE) -> None:
    """SIGTERM (Kafka's shutdown hook flushes and closes cleanly), SIGKILL after ``grace``."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _alive(pid):
        _say(f"pid {pid} ignored SIGTERM for {grace:.0f}s; sending SIGKILL")
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        while _alive(pid):
            time.sleep(0.05)
    _CHILDREN.pop(pid, None)
    (d / "pid").unlink(missing_ok=True)


def stop(dir: Path) -> None:
    """Stop the broker of ``dir`` if one runs; a no-op otherwise."""
    d = Path(dir).resolve()
    pid = _read_pid(d)
    if pid is None:
        return
    if _is_our_kafka(pid, d):
        _say(f"stopping pid {pid}")
        _kill(d, pid)
    else:
        (d / "pid").unlink(missing_ok=True)  # stale: the broker is already gone


def status(dir: Path) -> Broker | None:
    d = Path(dir).resolve()
    pid = _read_pid(d)
    if pid is not None and _is_our_kafka(pid, d):
        return Broker(_read_bootstrap(d) or "", pid, d)
    return None


# --------------------------------------------------------------------------------------------
# command line
# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("fetch", help="download the Kafka jars into the cache (once)")
    for name, text in [
        ("start", "start a broker (or report the running one)"),
        ("stop", "stop the broker"),
        ("status", "running or stopped"),
    ]:
        p = sub.add_parser(name, help=text)
        p.add_argument("--dir", type=Path, required=True, help="the broker's own directory")
        if name == "start":
            p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)
    args = parser.parse_args(argv)
    try:
        if args.command == "fetch":
            print(fetch())
        elif args.command == "start":
            t0 = time.monotonic()
            broker = start(args.dir, args.timeout)
            _say(f"ready in {time.monotonic() - t0:.1f}s (pid {broker.pid}, dir {broker.dir})")
            print(broker.bootstrap_servers)
        elif args.command == "stop":
            stop(args.dir)
        else:
            broker = status(args.dir)
            if broker is None:
                print("stopped")
                return 3  # as LSB init scripts do for "not running"
            print(f"running {broker.bootstrap_servers} (pid {broker.pid})")
    except LocalKafkaError as exc:
        print(f"localkafka: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
