"""How the demo tells a newcomer that it cannot start: a port in use, a deployment that died."""

from __future__ import annotations

import socket

import pytest
from run import refuse_ports_in_use, spawn, wait_ready
from topology import Deployment


def test_a_port_in_use_is_named_before_anything_starts():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        with pytest.raises(SystemExit) as refused:
            refuse_ports_in_use([taken], base=taken - 3)
    message = str(refused.value)
    assert f"port {taken} is in use" in message and "--ports" in message


def test_a_deployment_that_exits_is_reported_at_once_with_its_log(tmp_path):
    (tmp_path / "logs").mkdir()
    with socket.socket() as probe:  # a port nobody answers on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    deployment = Deployment("grievance", "street", port)
    failing = (
        'import sys; print(\'{"level": "ERROR", "msg": "address already in use"}\'); '
        "[print('noise', n) for n in range(30)]; print('shutting down'); sys.exit(1)"
    )
    spawn(tmp_path, deployment.key, ["-c", failing], {})
    with pytest.raises(SystemExit) as stopped:
        wait_ready(tmp_path, deployment, timeout=60)
    message = str(stopped.value)
    assert message.startswith("grievance-street exited")  # not "did not answer" after a minute
    assert "address already in use" in message and "shutting down" in message  # error, end
    assert "noise 3\n" not in message
