"""How a grading kernel's process is started: in a bubblewrap sandbox, or (``--no-sandbox``) in
a process session of its own; and how the unsandboxed one's strays are found afterwards.

The kernel is IPython's (``ipykernel_launcher``), started by ``sandbox.LAUNCHER``,
which sets the memory and CPU-time limits first. Its connection file (Jupyter's
format) names Unix sockets, never TCP ports, so that the sandbox needs no network.
"""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from . import sandbox

PORTS = {"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5}


def connection_info(ip, key):
    """Jupyter's connection file for a kernel listening on Unix sockets ``ip-1`` ... ``ip-5``."""
    return {
        "transport": "ipc",
        "ip": ip,
        "key": key,
        "signature_scheme": "hmac-sha256",
        "kernel_name": "python3",
        **PORTS,
    }


def kernel_command(limits, connection_path):
    """The command that starts the kernel with ``limits`` (a ``sandbox.Limits``)."""
    return [
        sys.executable,
        "-c",
        sandbox.LAUNCHER,
        str(limits.memory),
        str(limits.cpu_seconds),
        "-m",
        "ipykernel_launcher",
        "-f",
        connection_path,
        "--HistoryManager.enabled=False",
        "--IPKernelApp.capture_fd_output=False",
        "--Application.log_level=ERROR",
    ]


def start_sandboxed(plan, limits, connection, record_write):
    """Start bwrap with the kernel inside it; ``record_write`` is passed through to the kernel.

    Returns ``(process, info_read)``: the bwrap process, and the pipe it writes its
    ``{"child-pid": ...}`` line to once the sandbox's first process exists.
    """
    info_read, info_write = os.pipe()
    file_read, file_write = os.pipe()
    os.write(file_write, json.dumps(connection).encode())  # small: fits in the pipe's buffer
    os.close(file_write)
    inside_file = f"{sandbox.WORKDIR}/.kernel/connection.json"
    command = sandbox.bwrap_command(
        plan,
        limits,
        kernel_command(limits, inside_file),
        sandbox.sandbox_env(),
        info_fd=info_write,
        file_fds=[(file_read, inside_file)],
    )
    process = subprocess.Popen(
        command,
        pass_fds=(info_write, file_read, record_write),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(info_write)
    os.close(file_read)
    return process, info_read


def start_unsandboxed(folder, token, limits, connection, record_write):
    """Start the kernel in its own session, working in ``folder``, its environment tagged
    with ``token`` so that ``kill_token_processes`` finds every process it leaves."""
    path = Path(folder, ".kernel", "connection.json")
    path.write_text(json.dumps(connection))
    env = sandbox.sandbox_env(
        {
            "HOME": folder,
            "TMPDIR": f"{folder}/tmp",
            "MPLCONFIGDIR": f"{folder}/.matplotlib",
            "IPYTHONDIR": f"{folder}/.ipython",
            "JUPYTER_RUNTIME_DIR": f"{folder}/.jupyter",
            "NNCOURSE_KERNEL_TOKEN": token,
        }
    )
    return subprocess.Popen(
        kernel_command(limits, str(path)),
        pass_fds=(record_write,),
        cwd=folder,
        env=env,
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def kill_token_processes(token):
    """SIGKILL every process whose environment carries ``NNCOURSE_KERNEL_TOKEN=token`` (Linux)."""
    needle = f"NNCOURSE_KERNEL_TOKEN={token}".encode()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if needle in (entry / "environ").read_bytes():
                os.kill(int(entry.name), signal.SIGKILL)
        except (OSError, ValueError):
            continue
