"""Run in a notebook's kernel before any of the notebook's cells: the grader's side of the kernel.

The grader executes this file's source (``prelude_code``) as the first cell of a
freshly started kernel. It executes ``collector.py`` in a private namespace,
keeps the built-ins it needs, and opens a private channel to the grader: a pipe
that bwrap handed the kernel when it started (``record_fd``). Every check's
record goes through that pipe, written with ``os.write``, as a Python literal
(``collector.literal``), tagged with a nonce that only that check's probe knows.
It never goes through ``print``, ``sys.stdout``, IPython's display machinery or
``json``, so a notebook that patches them cannot forge it. Then the prelude
imports the modules the chapters' first cells import, so that the kernel is warm
before it is handed a notebook.

This code runs inside the learner's process, and nothing in one process is
safe from the rest of it: a notebook that goes looking for the grader's objects
(through ``gc``, or by rewiring file descriptors) could still misreport what its
own answers return. It cannot change how they are judged: the inputs are drawn
at grading time and the judging happens in the grader, outside the sandbox.
"""


def install(collector_source, record_fd, module_name, ready_nonce, preload):
    import os
    import sys
    import types

    write = os.write
    namespace = {"__name__": "nncourse_grade_collector"}
    exec(compile(collector_source, "<grader>", "exec"), namespace)  # noqa: S102 - the grader's own code
    literal = namespace["literal"]
    collectors = {name: namespace[name] for name in ("call_cases", "collect_value", "collect_predictions")}
    describe = namespace["describe_error"]
    base_exception, key_error = BaseException, KeyError

    def send(nonce, record):
        data = (nonce + literal(record) + "\n").encode()
        while data:
            data = data[write(record_fd, data) :]

    def collect(user_namespace, answer, function, arguments, nonce):
        """Run ``user_namespace[answer]`` through the collector ``function``; send the record."""
        try:
            value = user_namespace[answer]
        except key_error:
            record = {"missing": True}
        else:
            try:
                record = collectors[function](value, *arguments)
            except base_exception as error:  # noqa: BLE001 - reported, never raised into the notebook
                record = {"collector_error": describe(error)}
        try:
            send(nonce, record)
        except base_exception as error:  # noqa: BLE001 - e.g. a value that cannot be written
            send(nonce, {"collector_error": describe(error)})

    module = types.ModuleType(module_name)
    module.collect = collect
    sys.modules[module_name] = module
    for name in preload:
        try:
            __import__(name)
        except Exception:  # noqa: BLE001 - a missing optional module is the notebook's business
            pass
    send(ready_nonce, {"ready": True})


def prelude_code(record_fd, module_name, ready_nonce, preload):
    """The cell that installs the grader's side in a kernel (this file's source, then a call)."""
    from pathlib import Path

    from ..exercises import collector

    return (
        Path(__file__).read_text() + "\n"
        f"install({Path(collector.__file__).read_text()!r}, {record_fd}, {module_name!r}, "
        f"{ready_nonce!r}, {list(preload)!r})\n"
        "del install, prelude_code\n"
    )


def probe_code(module_name, answer, function, arguments, nonce):
    """The cell that collects one exercise's record. ``arguments`` are JSON-safe data, written as a
    Python literal so that nothing in the kernel has to parse them."""
    from ..exercises.collector import literal

    return (
        f"__import__('sys').modules[{module_name!r}].collect(globals(), {answer!r}, {function!r}, "
        f"{literal(list(arguments))}, {nonce!r})\n"
    )
