"""The bubblewrap sandbox a submitted notebook's kernel runs in.

``bwrap`` (Debian's package ``bubblewrap``) builds the sandbox from Linux
namespaces, with no daemon and no root: a user namespace (the kernel is an
unprivileged user with no capabilities), its own network namespace (no
network at all, not even the host's 127.0.0.1), its own PID namespace
(it sees only its own processes, and when the sandbox's first process dies
the kernel of the OS kills every other one), and its own mount namespace.

The file system is an allow-list, read-only: the system (``/usr`` and a few
files of ``/etc``), the Python installation and the packages the kernel
needs (nnlib, nncourse). Nothing else of the host exists inside: not the
other submissions, not the CSV or the feedback folder, not the instructor's
home. The one writable place is ``/sandbox``, a fresh tmpfs of bounded size
that holds a copy of the notebook being graded and disappears with the
sandbox. Limits on memory and CPU time are set inside the sandbox, before
the kernel starts (``LAUNCHER``), so the notebook cannot raise them.
"""

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

#: where the sandbox's writable working folder is, inside the sandbox
WORKDIR = "/sandbox"
#: the unprivileged user (``nobody``) the kernel runs as inside the sandbox
SANDBOX_UID = 65534

# The few files of /etc a Python kernel reads; the rest of /etc (shadow, ssh
# host keys, private TLS keys, ...) does not exist in the sandbox.
ETC_FILES = [
    "passwd",
    "group",
    "nsswitch.conf",
    "hosts",
    "localtime",
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "alternatives",
    "fonts",
    "mime.types",
    "ssl/certs",
    "ca-certificates",
]

# Run inside the sandbox, before anything of the notebook: set the limits, then become the kernel.
# A hard limit cannot be raised again without CAP_SYS_RESOURCE, which nothing in the sandbox has.
LAUNCHER = """\
import os, resource, sys
memory, cpu = int(sys.argv[1]), int(sys.argv[2])
if memory > 0:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
if cpu > 0:
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
os.execv(sys.executable, [sys.executable] + sys.argv[3:])
"""

INSTALL_HINT = (
    "Install bubblewrap (Debian/Ubuntu: `sudo apt-get install bubblewrap`; `make setup` does it), and "
    "make sure unprivileged user namespaces are allowed (`sysctl kernel.unprivileged_userns_clone=1`; "
    "on Ubuntu 24.04 AppArmor allows them for bwrap through its own profile). Or grade with --no-sandbox, "
    "only for notebooks you trust (see the README)."
)

NO_SANDBOX_WARNING = (
    "--no-sandbox: each notebook's kernel runs as you, with your files and your network in reach. "
    "It still runs in its own process group, with the memory and CPU-time limits, and its processes are "
    "ended when its grading ends, but a notebook can read and write anything you can (other submissions, "
    "the CSV, your home), use the network, and leave a process that escapes the clean-up. Use it only "
    "for notebooks you trust, or inside a throw-away container or virtual machine."
)


class SandboxUnavailable(RuntimeError):
    """bwrap is missing or cannot create its namespaces on this machine."""


@dataclass
class Limits:
    """What one notebook's kernel may use: bytes of memory (address space, per process), seconds of
    CPU time (per process), and bytes of scratch space (the tmpfs at ``/sandbox``, held in RAM)."""

    memory: int = 4096 * 2**20
    cpu_seconds: int = 600
    scratch: int = 256 * 2**20


@dataclass
class SandboxPlan:
    """The host paths a sandbox shows (read-only) and the ones it must hide even where they lie
    inside a shown path (the submissions, the CSV's folder, the feedback folder, ...)."""

    shown: list = field(default_factory=list)
    hidden: list = field(default_factory=list)
    files: dict = field(default_factory=dict)  # host file -> path inside, read-only


def bwrap_path():
    return shutil.which("bwrap")


def _package_dirs(names=("nnlib", "nncourse")):
    import importlib

    return [Path(importlib.import_module(name).__file__).resolve().parent for name in names]


def _outermost(paths):
    """The paths that are not inside another one of ``paths`` (and not under /usr, shown anyway)."""
    kept = []
    for path in sorted({Path(p).resolve() for p in paths if Path(p).exists()}, key=lambda p: len(p.parts)):
        if Path("/usr") in (path, *path.parents) or any(k in (path, *path.parents) for k in kept):
            continue
        kept.append(path)
    return kept


def python_paths():
    """What the kernel needs of the host: the Python installation, the virtual environment, and
    nnlib's and nncourse's package folders (which an editable install keeps in the repository)."""
    return _outermost(
        [sys.base_prefix, sys.prefix, Path(sys.executable).resolve().parent.parent, *_package_dirs()]
    )


def matplotlib_font_cache():
    """The grader's own matplotlib font cache, shown to the kernel so that it does not rebuild it
    (0.6 s per notebook). None when there is none."""
    try:
        import matplotlib
        from matplotlib import font_manager
    except ImportError:
        return None
    path = Path(matplotlib.get_cachedir()) / f"fontlist-v{font_manager.FontManager.__version__}.json"
    return path if path.is_file() else None


def default_plan(hidden=()):
    plan = SandboxPlan(shown=python_paths(), hidden=[Path(p).resolve() for p in hidden])
    cache = matplotlib_font_cache()
    if cache is not None:
        plan.files[cache] = f"{WORKDIR}/.matplotlib/{cache.name}"
    return plan


def _supports(option):
    try:
        help_text = subprocess.run([bwrap_path(), "--help"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return option in help_text.stdout + help_text.stderr


_OPTIONAL = {}


def optional_flags():
    """Hardening flags that older bwrap versions lack (``--disable-userns`` came in 0.8.0)."""
    if "flags" not in _OPTIONAL:
        _OPTIONAL["flags"] = ["--disable-userns"] if _supports("--disable-userns") else []
    return _OPTIONAL["flags"]


def bwrap_command(plan, limits, command, env, info_fd=None, file_fds=()):
    """The ``bwrap`` command line that runs ``command`` (a list) in a new sandbox.

    ``file_fds``: ``[(fd, path inside)]`` files copied into the sandbox's tmpfs when it starts.
    """
    args = [
        bwrap_path(),
        "--unshare-user",
        "--uid",
        str(SANDBOX_UID),
        "--gid",
        str(SANDBOX_UID),
        "--unshare-pid",
        "--unshare-net",
        "--unshare-ipc",
        "--unshare-uts",
        "--hostname",
        "sandbox",
        "--unshare-cgroup-try",
        *optional_flags(),
        "--die-with-parent",
        "--new-session",
        "--cap-drop",
        "ALL",
        "--ro-bind",
        "/usr",
        "/usr",
    ]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    for name in ETC_FILES:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    # /tmp is the sandbox's scratch folder: a link into /sandbox, or, when a shown path lies under
    # /tmp (a course unpacked there), a tmpfs of its own of the same size, made before the binds
    tmp_holds_shown = any(Path("/tmp") in Path(path).parents for path in [*plan.shown, *plan.files])
    if tmp_holds_shown:
        args += ["--size", str(limits.scratch), "--tmpfs", "/tmp"]
    for path in plan.shown:
        args += ["--ro-bind", str(path), str(path)]
    for path in plan.hidden:  # over a shown folder that holds it: an empty tmpfs instead
        if any(shown in (path, *path.parents) for shown in plan.shown):
            args += ["--tmpfs", str(path), "--remount-ro", str(path)]
    args += [
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--size",
        str(limits.scratch),
        "--tmpfs",
        WORKDIR,
        "--dir",
        f"{WORKDIR}/tmp",
        "--dir",
        f"{WORKDIR}/.kernel",
    ]
    if not tmp_holds_shown:
        args += ["--symlink", f"{WORKDIR}/tmp", "/tmp"]
    for host, inside in plan.files.items():
        args += ["--ro-bind", str(host), inside]
    for fd, inside in file_fds:
        args += ["--file", str(fd), inside]
    # the sandbox's root and /dev are tmpfs that bwrap made: read-only, so that only /sandbox
    # (bounded) can be written
    args += ["--remount-ro", "/", "--remount-ro", "/dev", "--chdir", WORKDIR, "--clearenv"]
    for name, value in env.items():
        args += ["--setenv", name, value]
    if info_fd is not None:
        args += ["--info-fd", str(info_fd)]
    return args + ["--", *command]


def sandbox_env(extra=None):
    """The kernel's whole environment: nothing of the instructor's (no tokens, no HOME)."""
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": WORKDIR,
        "TMPDIR": f"{WORKDIR}/tmp",
        "LANG": "C.UTF-8",
        "MPLCONFIGDIR": f"{WORKDIR}/.matplotlib",
        "IPYTHONDIR": f"{WORKDIR}/.ipython",
        "JUPYTER_RUNTIME_DIR": f"{WORKDIR}/.jupyter",
        "PYTHONDONTWRITEBYTECODE": "1",
        # the chapters' networks are small: one BLAS thread each is fastest, and leaves the
        # other cores to the other notebooks
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    if sys.prefix != sys.base_prefix:
        env["VIRTUAL_ENV"] = sys.prefix
    # the kernel imports nnlib and nncourse from the folders the grader shows it, the grader's own
    env["PYTHONPATH"] = ":".join(sorted({str(folder.parent) for folder in _package_dirs()}))
    env.update(extra or {})
    return env


def check_sandbox(timeout=60):
    """Run Python in a sandbox built as for a notebook; raise ``SandboxUnavailable`` saying why not."""
    if not sys.platform.startswith("linux"):
        raise SandboxUnavailable(f"the sandbox needs Linux (this is {sys.platform}). {INSTALL_HINT}")
    if bwrap_path() is None:
        raise SandboxUnavailable(f"bwrap (bubblewrap) is not installed. {INSTALL_HINT}")
    command = bwrap_command(
        default_plan(), Limits(), [sys.executable, "-c", "import nnlib, nncourse"], sandbox_env()
    )
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise SandboxUnavailable(f"bwrap did not start Python within {timeout} s. {INSTALL_HINT}") from None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        raise SandboxUnavailable(f"bwrap cannot run here: {reason}. {INSTALL_HINT}")
