"""`quiet_console`: long commands show progress and warnings, not a line per turn, while a
handler that reads every line (the privacy suite's) still gets them."""

from __future__ import annotations

import io
import logging

from supportdesk.logs import quiet_console


def test_that_info_lines_leave_the_console_during_a_long_command_and_come_back_after():
    root = logging.getLogger()
    console = logging.StreamHandler(io.StringIO())
    console.setLevel(logging.INFO)
    saved_level = root.level
    root.addHandler(console)
    root.setLevel(logging.INFO)
    log = logging.getLogger("supportdesk.test_quiet")
    reader = logging.StreamHandler(io.StringIO())
    try:
        with quiet_console():
            root.addHandler(reader)  # added inside the block, at its own level (all)
            log.info("turn finished: one")
            log.warning("the stub answered slowly")
            root.removeHandler(reader)
        log.info("turn finished: two")
    finally:
        root.removeHandler(console)
        root.setLevel(saved_level)
    shown = console.stream.getvalue().splitlines()
    read = reader.stream.getvalue().splitlines()
    assert shown == ["the stub answered slowly", "turn finished: two"]
    assert read == ["turn finished: one", "the stub answered slowly"]
    assert console.level == logging.INFO
