"""The look shared by the course's figures: an opaque white background and dark ink.

A transparent figure would show black labels on the dark theme of the course
website, so every figure nnlib draws gets an opaque background. The course's
explorers (``nncourse.explorers``, drawn by plotly) use the same ink. matplotlib
is imported only when a figure is made, so importing this module costs nothing.
"""

BACKGROUND = "white"
INK = "#222222"  # text and outlines

# Okabe and Ito's palette: told apart by colour-blind readers, and light or
# dark enough to stand out on white; the plots themselves keep a white background.
CLASS_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#7F7F7F")
TRAINING_COLOR, VALIDATION_COLOR = CLASS_COLORS[0], CLASS_COLORS[4]


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


def class_colors(n_classes):
    """A color per class: the palette above, then matplotlib's tab20 beyond eight classes."""
    if n_classes <= len(CLASS_COLORS):
        return list(CLASS_COLORS[:n_classes])
    import matplotlib.pyplot as plt

    cycle = plt.get_cmap("tab20").colors
    return [cycle[index % len(cycle)] for index in range(n_classes)]


def tint(color, strength=0.35):
    """An opaque pale version of ``color``: the colour mixed with white (no transparency)."""
    from matplotlib.colors import to_rgb

    return tuple(strength * channel + (1 - strength) * 1.0 for channel in to_rgb(color))
