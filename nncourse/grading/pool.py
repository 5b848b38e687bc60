"""Kernels started ahead of time, inside their own sandboxes, each used for exactly one notebook.

Starting a kernel and importing numpy, matplotlib and nnlib takes about a
second; the pool does it while other notebooks are being graded, so that a
worker that finishes a notebook finds the next kernel ready. Isolation is the
same as starting one per notebook: a pooled kernel has run only the grader's
own prelude, it is handed out once, and it is destroyed after its notebook.
"""

import queue
import threading
from concurrent.futures import ThreadPoolExecutor


class KernelPool:
    """Start ``ahead`` kernels with ``factory()`` now, and one more each time one is taken,
    ``total`` in all."""

    def __init__(self, factory, ahead, total):
        self._factory, self._remaining, self._closed = factory, total, False
        self._ready, self._lock = queue.Queue(), threading.Lock()
        self._starter = ThreadPoolExecutor(max_workers=max(1, ahead), thread_name_prefix="kernel-start")
        for _ in range(max(1, ahead)):
            self._launch()

    def _launch(self):
        with self._lock:
            if self._closed or self._remaining <= 0:
                return
            self._remaining -= 1
        self._starter.submit(self._start_one)

    def _start_one(self):
        try:
            kernel = self._factory()
        except Exception as error:  # noqa: BLE001 - handed to whoever takes this kernel
            self._ready.put(error)
            return
        self._ready.put(kernel)

    def take(self):
        """The next ready kernel (waiting for one if need be); raises what its start raised."""
        item = self._ready.get()
        self._launch()
        if isinstance(item, Exception):
            raise item
        return item

    def close(self):
        """Stop starting kernels and destroy the ones nobody took."""
        with self._lock:
            self._closed = True
        self._starter.shutdown(wait=True)
        while True:
            try:
                item = self._ready.get_nowait()
            except queue.Empty:
                return
            if not isinstance(item, Exception):
                item.destroy()
