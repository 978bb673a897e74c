"""No network at any point: sockets are blocked while loading and using every NLP tool."""

from __future__ import annotations

import subprocess
import sys

_CODE = r"""
import socket
attempts = []
def _blocked(*args, **kwargs):
    attempts.append(args)
    raise OSError("network blocked by test")
socket.socket.connect = _blocked
socket.socket.connect_ex = _blocked
socket.socket.sendto = _blocked
socket.create_connection = _blocked
socket.getaddrinfo = _blocked

import nlp
from nlp.extract import extract
from nlp.features import segment
from nlp.redact import redact
from nlp.similar import similarity

p = nlp.classify("cán bộ địa chính tên Hùng đòi 15 triệu mới ký sổ đỏ")
assert p.kind.value == "to_cao", p
assert "_" in segment("quảng cáo dán trên cột điện")
e = extract("Phường 12, Quận Gò Vấp, sđt 0909 123 456", use_ner=True)
assert e.wards[0].current, e
assert e.phones[0].value == "0909123456"
assert "[đã ẩn]" in redact("Tôi là Nguyễn Văn An", ["Nguyễn Văn An"])
assert similarity("mất điện hẻm 5", "mat dien hem 5") > 0.5
print("attempts", len(attempts))
assert not attempts, attempts
"""


def test_loading_and_using_nlp_never_touches_the_network() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _CODE], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "attempts 0" in result.stdout
