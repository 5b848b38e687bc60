"""The look shared by the course's figures: an opaque white background and dark ink.

A transparent figure would show black labels on the dark theme of the course
website, so every figure nnlib draws gets an opaque background. The course's
explorers (``nncourse.explorers``, drawn by plotly) use the same ink. matplotlib
is imported only when a figure is made, so importing this module costs nothing.
"""

BACKGROUND = "white"
INK = "#222222"  # text and outlines


def new_axes(ax, figsize):
    """``ax`` itself, or the Axes of a new figure with an opaque background."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize, layout="constrained", facecolor=BACKGROUND)
    else:
        make_opaque(ax.figure)
    return ax


def make_opaque(figure):
    """Give a transparent figure (Jupyter's default) a white background for dark pages."""
    if figure.get_facecolor()[3] < 1:
        figure.set_facecolor(BACKGROUND)
