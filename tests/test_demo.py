"""``make demo`` end to end: every deployment starts on a real broker and the county plays out.

Runs the demo as a newcomer would (detached, a small county), checks the story reached its end
through the services' APIs — stations, imports, a refused double enrolment, a transfer, cases,
the cross-station early warning, model workers and a selection campaign — and stops it. Slow (a
broker and a dozen processes), so one test.
"""

from __future__ import annotations

import contextlib
import random
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / "deploy" / "demo" / "run.py"

pytestmark = pytest.mark.kafka


def free_port_block() -> int:
    """A base port whose block of 100 ports is free now (the demo uses some of them).

    Below Linux's ephemeral range (32768 up): there, an outgoing connection of another test can
    take one of the ports between this check and the demo's binding it."""
    ephemeral = 32768
    with contextlib.suppress(OSError, ValueError, IndexError):
        ephemeral = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    for _ in range(50):
        base = random.randrange(10000, max(ephemeral, 10200) - 100, 100)
        try:
            for port in range(base, base + 100):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    raise RuntimeError("no free block of 100 ports")


@pytest.mark.timeout(600)
def test_the_demo_plays_a_county_and_stops(tmp_path):
    state = tmp_path / "run"
    command = [sys.executable, str(RUN), "--state", str(state), "--ports", str(free_port_block())]
    try:
        played = subprocess.run(  # noqa: S603 (our own script)
            [*command, "--detach", "--members", "160", "--cases", "16"],
            capture_output=True,
            text=True,
            timeout=540,
            cwd=ROOT,
        )
        assert played.returncode == 0, played.stdout[-3000:] + played.stderr[-3000:]
        out = played.stdout
        assert "imported 160 members" in out
        assert "409 already an active member at station XZ01" in out
        assert "JD02 accepts with the ID card in hand" in out
        assert re.search(r"filed 16 cases since 2\d{3}-\d\d-\d\d and took \d+ steps", out)
        assert "alert to the federation: 3 cases against 宏达建筑劳务有限公司" in out
        assert "a benefit for the revoked title: 409" in out
        assert "safety vetoed one (一票否决)" in out
        assert "flagged to the reviewers" in out
        assert "409 already granted at station" in out
        assert "asking without consent: 422" in out
        assert "aid reports acknowledged by civil affairs" in out
        assert "The county federation's view, built only from the events on Kafka" in out
        for past_round in ("春节送温暖", "夏季送清凉", "金秋助学"):
            assert re.search(rf"\d{{4}}年{past_round}: \d+ people, ¥[\d,]+ paid in", out)
        # The past rounds and this winter's walk-through: more than its four grants of 800.
        paid = re.search(r"帮扶 aid\s+: ¥([\d,]+)\.\d\d paid", out)
        assert paid and int(paid[1].replace(",", "")) > 3200
        assert "The county is set up" in out
    finally:
        stopped = subprocess.run(  # noqa: S603
            [*command, "--stop"], capture_output=True, text=True, timeout=120, cwd=ROOT
        )
    assert stopped.returncode == 0, stopped.stderr
    assert not list(state.glob("*.pid"))
