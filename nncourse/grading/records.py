"""The private pipe a kernel's checks send their records through, read by the grader.

Each check's record is one line, tagged with a nonce only the grader and that
check know (``prelude.py``). The grader keeps what arrived between two takes,
up to ``RECORD_LIMIT`` bytes; a notebook that floods the pipe loses its record
and says so, and costs the grader no more memory than that.
"""

import ast
import os

RECORD_LIMIT = 32 * 2**20  # bytes a notebook's kernel may send through the record pipe per cell


class RecordPipe:
    """The reading end of the record pipe (a non-blocking file descriptor)."""

    def __init__(self, fd):
        self.fd = fd
        self._data, self._flooded = bytearray(), False

    def read(self):
        """Take in what the pipe holds now, without waiting."""
        while True:
            try:
                chunk = os.read(self.fd, 1 << 20)
            except BlockingIOError:
                return
            if not chunk:
                return
            if len(self._data) + len(chunk) > RECORD_LIMIT:
                self._flooded = True
            else:
                self._data += chunk

    def take(self, nonce):
        """The record the probe tagged ``nonce`` sent, parsed; then forget what the pipe held.

        Returns ``{"grader_problem": text}`` when there is none, more than one, or too much data.
        """
        self.read()
        data, flooded = bytes(self._data), self._flooded
        self._data, self._flooded = bytearray(), False
        if flooded:
            return {"grader_problem": "the notebook sent more data to the grader's channel than it allows"}
        tag = nonce.encode()
        found = [line[len(tag) :] for line in data.split(b"\n") if line.startswith(tag)]
        if not found:
            return {"grader_problem": "the check could not run on this notebook's answer"}
        if len(found) > 1:
            return {
                "grader_problem": "the check's record was sent twice: the notebook tampered with the grader"
            }
        try:
            return ast.literal_eval(found[0].decode())
        except (ValueError, SyntaxError, UnicodeDecodeError, MemoryError, RecursionError):
            return {"grader_problem": "the check's record could not be read"}

    def close(self):
        if self.fd is not None:
            try:
                os.close(self.fd)
            except OSError:
                pass
            self.fd = None
