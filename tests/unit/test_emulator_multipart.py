"""The emulator reads uploads byte for byte, whatever the bytes end or begin with."""

from __future__ import annotations

import os

import httpx
import pytest

from emulator.params import split_multipart


@pytest.mark.parametrize("tail", [b"", b"\r", b"\r\n", b"\r\n--", b"--", b"\n\r\n\r\n"])
def test_a_file_comes_back_exactly(tail: bytes) -> None:
    for size in (0, 1, 4095, 5434):
        data = os.urandom(size) + tail
        request = httpx.Request("POST", "http://emulator/bot/sendDocument",
                                data={"chat_id": "7", "caption": "Tệp · <b>x</b>"},
                                files={"document": ("hoc-vien.xlsx", data, "application/zip")})
        fields, files = split_multipart(request.read(), request.headers["Content-Type"])
        assert fields == {"chat_id": "7", "caption": "Tệp · <b>x</b>"}
        upload = files["document"]
        assert (upload.filename, upload.content_type, upload.data) == (
            "hoc-vien.xlsx", "application/zip", data)
