"""Benchmark: nnlib against scikit-learn (and PyTorch on the CPU, where installed).

Each peer trains the same architecture on the same data with the same batch
size, epochs and optimizer (Adam, learning rate 1e-3), in a fresh process so
that its peak memory is its own. Peers run interleaved, repeat after repeat,
so that machine noise hits them alike; the table shows medians and the ratio
of nnlib to each peer (time ratio < 1: nnlib is faster).

    python benchmarks/run.py              # both cases, 3 repeats
    python benchmarks/run.py --repeats 5 --case digits

Cases:
  digits  8x8 digits (1,437 train / 360 test), 64-128-64-10 ReLU, batch 32, 30 epochs
  mnist   an MNIST-sized synthetic set (60,000 x 784, 10 classes, labels from a
          random teacher network), 784-256-128-10 ReLU, batch 128, 2 epochs
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import warnings

import numpy as np

CASES = {
    "digits": dict(hidden=(128, 64), batch_size=32, epochs=30),
    "mnist": dict(hidden=(256, 128), batch_size=128, epochs=2),
}
PEERS = {  # case -> [(peer, dtype)]
    "digits": [("nnlib", "float64"), ("sklearn", "float64"), ("nnlib", "float32"), ("torch", "float32")],
    "mnist": [
        ("nnlib", "float64"),
        ("sklearn", "float64"),
        ("nnlib", "float32"),
        ("sklearn", "float32"),
        ("torch", "float32"),
    ],
}
TARGETS = [  # (case, nnlib dtype, peer, peer dtype, the time ratio nnlib/peer must not exceed)
    ("digits", "float64", "sklearn", "float64", 1 / 1.5),
    ("mnist", "float64", "sklearn", "float64", 1.0),
    ("mnist", "float32", "torch", "float32", 1.0),
]


# Data


def load_case(case):
    """``(x_train, x_test, y_train, y_test)`` in float64, standardised."""
    if case == "digits":
        from nnlib.datasets import load_digits

        return load_digits(test_size=0.2, seed=0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(70_000, 784))
    teacher_hidden = np.tanh(x @ rng.normal(scale=784**-0.5, size=(784, 64)))
    y = (teacher_hidden @ rng.normal(size=(64, 10))).argmax(axis=1)
    return x[:60_000], x[60_000:], y[:60_000], y[60_000:]


# Peers: each returns (seconds spent in fit, predicted labels on x_test)


def run_nnlib(x_train, y_train, x_test, hidden, batch_size, epochs, dtype):
    from nnlib import Sequential, layers, optimizers

    model = Sequential(
        [
            layers.Dense(hidden[0], activation="relu", input_shape=(x_train.shape[1],)),
            layers.Dense(hidden[1], activation="relu"),
            layers.Dense(10, activation="softmax"),
        ],
        seed=0,
        dtype=dtype,
    )
    model.compile(optimizers.Adam(1e-3), "sparse_categorical_crossentropy")
    start = time.perf_counter()
    model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, verbose=0)
    seconds = time.perf_counter() - start
    return seconds, model.predict(x_test, batch_size=1024).argmax(axis=1)


def run_sklearn(x_train, y_train, x_test, hidden, batch_size, epochs, dtype):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    # tol=0 and a huge n_iter_no_change: run every epoch, as the others do
    model = MLPClassifier(
        hidden,
        activation="relu",
        solver="adam",
        learning_rate_init=1e-3,
        batch_size=batch_size,
        max_iter=epochs,
        tol=0.0,
        n_iter_no_change=10**9,
        alpha=0.0,
        random_state=0,
    )
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x_train, y_train)
    seconds = time.perf_counter() - start
    return seconds, model.predict(x_test)


def run_torch(x_train, y_train, x_test, hidden, batch_size, epochs, dtype):
    import torch

    torch.manual_seed(0)
    net = torch.nn.Sequential(
        torch.nn.Linear(x_train.shape[1], hidden[0]),
        torch.nn.ReLU(),
        torch.nn.Linear(hidden[0], hidden[1]),
        torch.nn.ReLU(),
        torch.nn.Linear(hidden[1], 10),
    )
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    x, y = torch.from_numpy(x_train), torch.from_numpy(y_train)
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(len(x))
        for begin in range(0, len(x), batch_size):
            batch = order[begin : begin + batch_size]
            optimizer.zero_grad()
            loss_fn(net(x[batch]), y[batch]).backward()
            optimizer.step()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        predicted = net(torch.from_numpy(x_test)).argmax(dim=1).numpy()
    return seconds, predicted


RUNNERS = {"nnlib": run_nnlib, "sklearn": run_sklearn, "torch": run_torch}


# One measurement, in its own process


def current_rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024


def reset_peak_rss():
    """Linux: writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def worker(case, peer, dtype):
    x_train, x_test, y_train, y_test = load_case(case)
    x_train, x_test = x_train.astype(dtype), x_test.astype(dtype)
    if peer == "torch":
        import torch  # import before the memory baseline, as the others are

        torch.set_num_threads(os.cpu_count())
    else:
        import sklearn.neural_network  # noqa: F401

        import nnlib  # noqa: F401
    baseline = current_rss_mb()
    reset_peak_rss()
    seconds, predicted = RUNNERS[peer](x_train, y_train, x_test, dtype=dtype, **CASES[case])
    result = dict(
        case=case,
        peer=peer,
        dtype=dtype,
        seconds=seconds,
        accuracy=float(np.mean(predicted == y_test)),
        peak_mb=peak_rss_mb() - baseline,
    )
    print(json.dumps(result))


def measure(case, peer, dtype):
    output = subprocess.run(
        [sys.executable, __file__, "--worker", case, peer, dtype], capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def torch_available():
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--case", choices=sorted(CASES), action="append")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--worker", nargs=3, metavar=("CASE", "PEER", "DTYPE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return

    has_torch = torch_available()
    if not has_torch:
        print("PyTorch is not installed: its rows are skipped (make bench WITH_TORCH=1 installs it).\n")
    results = {}
    for case in args.case or list(CASES):
        peers = [(p, d) for p, d in PEERS[case] if p != "torch" or has_torch]
        for repeat in range(args.repeats):
            for peer, dtype in peers:  # interleaved: every peer once per repeat
                print(f"  {case}: repeat {repeat + 1}/{args.repeats}, {peer} {dtype} ...", file=sys.stderr)
                results.setdefault((case, peer, dtype), []).append(measure(case, peer, dtype))
    print_table(results)
    print_targets(results)


def median(runs, key):
    return statistics.median(run[key] for run in runs)


def print_table(results):
    print(
        f"{'case':<8}{'peer':<9}{'dtype':<9}{'fit s':>8}{'test acc':>10}{'peak MB':>9}"
        f"{'nnlib/peer time':>17}{'nnlib/peer mem':>16}"
    )
    for (case, peer, dtype), runs in results.items():
        ours = results.get((case, "nnlib", dtype))
        time_ratio = median(ours, "seconds") / median(runs, "seconds") if ours and peer != "nnlib" else None
        memory_ratio = (
            median(ours, "peak_mb") / max(median(runs, "peak_mb"), 1e-9) if ours and peer != "nnlib" else None
        )
        print(
            f"{case:<8}{peer:<9}{dtype:<9}{median(runs, 'seconds'):>8.2f}{median(runs, 'accuracy'):>10.3f}"
            f"{median(runs, 'peak_mb'):>9.1f}"
            f"{'' if time_ratio is None else f'{time_ratio:.2f}':>17}"
            f"{'' if memory_ratio is None else f'{memory_ratio:.2f}':>16}"
        )


def print_targets(results):
    print("\nTargets (time ratio nnlib/peer, of the medians):")
    for case, our_dtype, peer, peer_dtype, limit in TARGETS:
        ours, theirs = results.get((case, "nnlib", our_dtype)), results.get((case, peer, peer_dtype))
        if not ours or not theirs:
            print(f"  {case} nnlib {our_dtype} vs {peer} {peer_dtype}: not measured")
            continue
        ratio = median(ours, "seconds") / median(theirs, "seconds")
        verdict = "met" if ratio <= limit else "NOT met"
        # the two ran one after the other in each repeat: their ratios show the noise
        per_repeat = [a["seconds"] / b["seconds"] for a, b in zip(ours, theirs)]
        print(
            f"  {case} nnlib {our_dtype} vs {peer} {peer_dtype}: {ratio:.2f} (target <= {limit:.2f}) "
            f"{verdict}; per repeat {min(per_repeat):.2f} to {max(per_repeat):.2f}"
        )


if __name__ == "__main__":
    main()
