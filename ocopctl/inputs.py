"""Reading an input file that may be anything: a FIFO, a device, a folder, a huge file.

One function for every reader (plan YAML, spreadsheets, Word and text to draft): it opens the
path without blocking and checks the open descriptor, so a FIFO cannot hang the read and nothing
can swap the file between the check and the read; it never reads more than the limit. Each
caller words the refusal for its own users.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ocopctl.i18n import Msg


class NotRegularFile(Exception):
    """The path is a folder, a FIFO, a device or a socket (``kind`` says which, "a FIFO")."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class TooLarge(Exception):
    """The file holds more than the limit the caller gave."""


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. Raises ``NotRegularFile``,
    ``TooLarge``, or ``OSError`` (missing, not permitted) for the caller to word."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
                 | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(  # messages: English as they are, told in Vietnamese by i18n.localized
                Msg("a folder") if stat.S_ISDIR(info.st_mode) else Msg("a FIFO") if stat.S_ISFIFO(info.st_mode)
                else Msg("a device") if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else Msg("a socket"))
        if info.st_size > limit:
            raise TooLarge()
        raw = handle.read(info.st_size + 1)  # not limit + 1: read(n) allocates n bytes first
        if len(raw) > info.st_size:  # it grew since the fstat
            raw += handle.read(limit + 1 - len(raw))
    if len(raw) > limit:
        raise TooLarge()
    return raw
