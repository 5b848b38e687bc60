"""One Jupyter kernel for one notebook: started in its sandbox, driven by the grader, then destroyed.

The grader talks to the kernel the way Jupyter does (ZeroMQ messages,
``jupyter_client.session``), but only on the shell channel: execute a cell,
wait for its reply. Nothing the kernel prints reaches the grader (there is no
IOPub subscriber, so a notebook that prints hundreds of megabytes costs the
grader nothing), and the checks' records come through a private pipe
(``prelude.py``). ZeroMQ's sockets are Unix sockets in the sandbox's own
``/sandbox/.kernel``, reached from the host through ``/proc/<pid>/root``; the
grader connects once, before any of the notebook's code runs, and never
reconnects, so a notebook cannot point the grader at another socket.

``destroy`` kills the sandbox's first process: the Linux kernel then kills
every process of its PID namespace (a daemon that forked twice, a child that
ignores SIGTERM, a kernel that ignores SIGINT), and the sandbox's tmpfs
disappears with it. Without the sandbox (``sandboxed=False``) the kernel runs
in its own session, which is killed, with every process that still carries
the kernel's token in its environment.
"""

import json
import os
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from . import launch, sandbox
from .prelude import prelude_code
from .records import RecordPipe

#: imported by every kernel before it is handed a notebook (what the chapters' first cells import)
PRELOAD = ("numpy", "matplotlib", "matplotlib.pyplot", "nnlib", "nncourse.exercises")


class KernelDied(RuntimeError):
    """The kernel's process ended (a crash, os._exit, the memory or CPU-time limit)."""


class KernelStuck(RuntimeError):
    """A cell ran past its time limit and the kernel did not answer the interrupt."""


@dataclass
class Reply:
    """What became of one executed cell."""

    status: str
    ename: str = ""
    evalue: str = ""
    timed_out: bool = False


class Kernel:
    """A kernel in a fresh sandbox (or, with ``sandboxed=False``, in a fresh process session)."""

    def __init__(self, sandboxed=True, plan=None, limits=None, preload=PRELOAD, startup_timeout=120):
        self.sandboxed, self.plan = sandboxed, plan or sandbox.default_plan()
        self.limits, self.preload, self.startup_timeout = limits or sandbox.Limits(), preload, startup_timeout
        self.token = secrets.token_hex(16)
        self.module_name = f"nncourse_grader_{secrets.token_hex(8)}"
        self.timings = {}
        self.process = self._socket = self._context = None
        self._pid1_fd = self._kernel_fd = None
        self._pipe = None
        self._stderr_tail = deque(maxlen=40)
        self._temp = None

    # starting

    def start(self):
        """Start the sandbox and the kernel in it, and wait until the kernel is warm (imports done)."""
        import zmq
        from jupyter_client.session import Session

        started = time.perf_counter()
        key = secrets.token_hex(32)
        self.session = Session(key=key.encode(), signature_scheme="hmac-sha256", username="grader")
        record_read, record_write = os.pipe()
        os.set_blocking(record_read, False)
        self._pipe = RecordPipe(record_read)
        if self.sandboxed:
            inside = f"{sandbox.WORKDIR}/.kernel"
            connection = launch.connection_info(f"{inside}/k", key)
            self._start_sandbox(connection, record_write)
            host = f"/proc/{self._pid1}/root{sandbox.WORKDIR}"
        else:
            self._temp = tempfile.mkdtemp(prefix="nncourse-kernel-")
            os.chmod(self._temp, 0o700)
            Path(self._temp, ".kernel").mkdir()
            Path(self._temp, "tmp").mkdir()
            connection = launch.connection_info(f"{self._temp}/.kernel/k", key)
            self.process = launch.start_unsandboxed(
                self._temp, self.token, self.limits, connection, record_write
            )
            self._drain_stderr()
            self._pid1 = None
            host = self._temp
        os.close(record_write)
        self.host_workdir = host
        self._wait_for(lambda: os.path.exists(f"{host}/.kernel/k-1"), "the kernel's sockets")
        self._context = zmq.Context()
        self._context.setsockopt(zmq.RECONNECT_IVL, -1)  # connect once: never follow a new path later
        self._context.setsockopt(zmq.MAXMSGSIZE, 16 * 2**20)
        self._context.setsockopt(zmq.LINGER, 0)
        self._connect(f"ipc://{host}/.kernel/k-1")
        self.timings["kernel start"] = time.perf_counter() - started
        warm = time.perf_counter()
        ready = secrets.token_hex(16)
        reply = self.execute(
            prelude_code(record_write, self.module_name, ready, self.preload), timeout=self.startup_timeout
        )
        record = self.take_record(ready)
        if reply.status != "ok" or not isinstance(record, dict) or not record.get("ready"):
            raise RuntimeError(
                f"the grader could not prepare the kernel: {reply.ename} {reply.evalue} "
                f"{record!r} {self.stderr_tail()}"
            )
        self.timings["imports"] = time.perf_counter() - warm
        return self

    def _start_sandbox(self, connection, record_write):
        self.process, info_read = launch.start_sandboxed(self.plan, self.limits, connection, record_write)
        self._drain_stderr()
        info = self._read_all(info_read)
        os.close(info_read)
        try:
            self._pid1 = json.loads(info)["child-pid"]
        except (ValueError, KeyError):
            self.process.wait(timeout=30)
            raise RuntimeError(f"bwrap did not start the sandbox: {self.stderr_tail()}") from None
        # a pidfd names this process and no other, even after its number is reused
        self._pid1_fd = os.pidfd_open(self._pid1)

    def _drain_stderr(self):
        def drain(stream, tail):
            for line in iter(stream.readline, b""):
                tail.append(line[:300].decode(errors="replace"))
            stream.close()

        threading.Thread(target=drain, args=(self.process.stderr, self._stderr_tail), daemon=True).start()

    def stderr_tail(self):
        return "".join(self._stderr_tail).strip()[-1500:]

    def _read_all(self, fd):
        data, deadline = b"", time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                data += chunk
            elif self.process.poll() is not None:
                break
        return data

    def _wait_for(self, condition, what):
        deadline = time.monotonic() + self.startup_timeout
        while not condition():
            if self.process.poll() is not None:
                raise RuntimeError(f"the kernel ended before {what} appeared: {self.stderr_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not appear within {self.startup_timeout} s")
            time.sleep(0.01)

    def _connect(self, url):
        """Connect the shell socket; a connection that did not take (the kernel was not listening
        yet) is retried with a new socket, until a kernel_info request is answered."""
        import zmq

        deadline = time.monotonic() + self.startup_timeout
        while True:
            socket = self._context.socket(zmq.DEALER)
            socket.setsockopt(zmq.IDENTITY, self.session.bsession)
            socket.connect(url)
            message = self.session.send(socket, "kernel_info_request", {})
            if self._await_reply(socket, message["header"]["msg_id"], 1.0) is not None:
                self._socket = socket
                break
            socket.close()
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the kernel did not answer: {self.stderr_tail()}")
        if self.sandboxed:  # the kernel is the sandbox's first process's only child
            children = Path(f"/proc/{self._pid1}/task/{self._pid1}/children").read_text().split()
            self._kernel_fd = os.pidfd_open(int(children[0]))
        else:
            self._kernel_fd = os.pidfd_open(self.process.pid)

    def _await_reply(self, socket, msg_id, timeout):
        import zmq

        poller = zmq.Poller()
        poller.register(socket, zmq.POLLIN)
        poller.register(self._pipe.fd, zmq.POLLIN)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            events = dict(poller.poll(min(remaining, 0.2) * 1000))
            if self._pipe.fd in events:
                self._pipe.read()
            if socket in events:
                while True:
                    try:
                        _, message = self.session.recv(socket, mode=zmq.NOBLOCK)
                    except (ValueError, KeyError, TypeError):  # unsigned or malformed: not the kernel's reply
                        continue
                    if message is None:
                        break
                    if message["parent_header"].get("msg_id") == msg_id and message["msg_type"].endswith(
                        "_reply"
                    ):
                        self._pipe.read()
                        return message["content"]
            if self.process.poll() is not None:
                self._pipe.read()
                raise KernelDied(f"the kernel died (exit status {self.process.returncode})")

    # using

    def place_notebook(self, name, data):
        """Copy the notebook into the sandbox's working folder. Called before any of its code runs."""
        path = os.path.join(self.host_workdir, name)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)

    def execute(self, code, timeout, interrupt_grace=5.0):
        """Run ``code`` in the kernel; interrupt it (SIGINT) after ``timeout`` seconds.

        Raises ``KernelStuck`` when the interrupt is not answered within ``interrupt_grace``
        seconds, and ``KernelDied`` when the kernel's process ends.
        """
        content = {
            "code": code,
            "silent": False,
            "store_history": False,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": False,
        }
        message = self.session.send(self._socket, "execute_request", content)
        reply = self._await_reply(self._socket, message["header"]["msg_id"], timeout)
        timed_out = reply is None
        if timed_out:
            self.interrupt()
            reply = self._await_reply(self._socket, message["header"]["msg_id"], interrupt_grace)
            if reply is None:
                raise KernelStuck(
                    f"a cell ran past its {timeout:g} s limit and did not stop when interrupted"
                )
        return Reply(
            str(reply.get("status")),
            str(reply.get("ename", ""))[:200],
            str(reply.get("evalue", ""))[:500],
            timed_out,
        )

    def interrupt(self):
        try:
            signal.pidfd_send_signal(self._kernel_fd, signal.SIGINT)
        except (OSError, TypeError):
            pass

    def take_record(self, nonce):
        """The record the probe tagged ``nonce`` sent (``RecordPipe.take``)."""
        return self._pipe.take(nonce)

    # ending

    def destroy(self):
        """End the kernel and every process it started; remove its files. Safe to call twice."""
        if self.process is None:
            return
        if self._pid1_fd is not None:  # the PID namespace's first process: all of them go with it
            try:
                signal.pidfd_send_signal(self._pid1_fd, signal.SIGKILL)
            except OSError:
                pass
            # readable once that process has exited, which it does only after every other
            # process of its namespace is gone
            select.select([self._pid1_fd], [], [], 30)
        if self.sandboxed:
            if self._pid1_fd is None and self.process.poll() is None:
                self.process.kill()  # a sandbox whose start failed before it had a first process
            try:
                self.process.wait(timeout=30)  # bwrap exits when its sandbox's first process has
            except subprocess.TimeoutExpired:
                self.process.kill()
        else:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except OSError:
                pass
        if not self.sandboxed and sys.platform.startswith("linux"):
            launch.kill_token_processes(self.token)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if not self.sandboxed and sys.platform.startswith("linux"):
            launch.kill_token_processes(self.token)  # a process forked while the first sweep ran
        if self._pipe is not None:
            self._pipe.close()
        for descriptor in (self._pid1_fd, self._kernel_fd):
            if descriptor is not None:
                try:
                    os.close(descriptor)
                except OSError:
                    pass
        self._pid1_fd = self._kernel_fd = None
        if self._socket is not None:
            self._socket.close(linger=0)
        if self._context is not None:
            self._context.term()
        if self._temp:
            shutil.rmtree(self._temp, ignore_errors=True)
        self.process = None


def started_kernel(**options):
    """A ``Kernel(**options)``, started and warm; on failure nothing of it is left running."""
    kernel = Kernel(**options)
    try:
        return kernel.start()
    except BaseException:
        kernel.destroy()
        raise
