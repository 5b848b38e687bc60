"""The class grader, one job per module.

- ``sandbox``: the bubblewrap sandbox a notebook's kernel runs in, and its limits;
- ``prelude``: the grader's code inside a kernel (the private channel for the checks' records);
- ``kernel``: one sandboxed kernel, started, driven and destroyed;
- ``pool``: kernels started ahead of time, each used for one notebook;
- ``runner``: grade one notebook in one kernel;
- ``submissions``: find the submitted notebooks and read them safely;
- ``csvfile``: the CSV of grades and the feedback files, safe for spreadsheets;
- ``gradescope``: the Gradescope autograder (its zip, and its run);
- ``cli``: the ``nncourse-grade`` command.
"""
