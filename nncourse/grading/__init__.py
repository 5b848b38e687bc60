"""The class grader, one job per module.

- ``sandbox``: the bubblewrap sandbox a notebook's kernel runs in, and its limits;
- ``prelude``: the grader's code inside a kernel (the private channel for the checks' records);
- ``launch``: how a kernel's process is started, in the sandbox or (``--no-sandbox``) without;
- ``kernel``: one sandboxed kernel, started, driven and destroyed;
- ``records``: the private pipe the checks' records come back through;
- ``pool``: kernels started ahead of time, each used for one notebook;
- ``runner``: grade one notebook in one kernel;
- ``submissions``: find the submitted notebooks and read them safely;
- ``csvfile``: the CSV of grades and the feedback files, safe for spreadsheets;
- ``autograder_zip``: the Gradescope autograder an instructor uploads;
- ``gradescope``: what that autograder runs for each submission (``results.json``);
- ``cli``: the ``nncourse-grade`` command.
"""
