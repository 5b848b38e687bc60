"""Wrong answers to chapter 7's exercises (see ``tests/wrong_answers/__init__.py``)."""

_EARLY_STOPPING_TEMPLATE = """
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    best, best_epoch, wait = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses):
        if {improves}:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if {stops}:
                return epoch, {best_epoch}
        {after}
    return len(val_losses) - 1, {best_epoch}
"""


def _early_stopping(
    improves="loss < best - min_delta", stops="wait >= patience", best_epoch="best_epoch", after="pass"
):
    return _EARLY_STOPPING_TEMPLATE.format(improves=improves, stops=stops, best_epoch=best_epoch, after=after)


_DROPOUT_TEMPLATE = """
def dropout_forward_backward(a, upstream, keep, rate, training=True):
    if not training:
        return {inference}
    return {output}, {gradient}
"""


def _dropout(
    output="a * keep / (1 - rate)", gradient="upstream * keep / (1 - rate)", inference="a, upstream"
):
    return _DROPOUT_TEMPLATE.format(output=output, gradient=gradient, inference=inference)


_SHIFTED_DIGITS_TEMPLATE = """
images, labels = load_digit_images()
train_images, train_labels = images[:200] / 16.0, labels[:200]
off_center_images = random_shifts(images[1200:] / 16.0, max_shift=2, seed=1)
{augment}
digit_model = Sequential([
    layers.Flatten(input_shape=(8, 8)),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
], seed=0)
digit_model.compile(optimizer=optimizers.Adam(learning_rate=0.003),
                    loss="sparse_categorical_crossentropy")
digit_model.fit(x_fit, y_fit, epochs={epochs}, batch_size=32, verbose=0)
"""

#: the data cell of the L1 exercise, which each wrong answer runs first
_SPARSE_DATA = """
rng = np.random.default_rng(0)
q, _ = np.linalg.qr(rng.normal(size=(60, 12)))
X = q * np.sqrt(60)
w_true = np.array([1.0, -0.8, -0.6, 0.3, -0.25, 0.15, 0.12, -0.1, 0.05, 0.0, 0.0, 0.0])
y = X @ w_true + 0.1 * rng.normal(size=60)
"""

WRONG_ANSWERS = {
    "diagnose_curves": [
        ("reaches for dropout", "curve_answer = 'a'"),
        ("stops earlier", "curve_answer = 'b'"),
        ("adds a penalty", "curve_answer = 'd'"),
    ],
    "l1_zero_count": [
        (
            "counts the weights of w_true that are 0",
            _SPARSE_DATA + "zero_weights = [int(np.sum(w_true == 0)), 0]",
        ),
        (
            "forgets the factor 2 of the MSE's gradient: zero where |c| <= lambda",
            _SPARSE_DATA + "c = X.T @ y / len(X)\nzero_weights = [int(np.sum(np.abs(c) <= 0.4)), 0]",
        ),
        (
            "forgets the absolute value: zero where c <= lambda / 2",
            _SPARSE_DATA + "c = X.T @ y / len(X)\nzero_weights = [int(np.sum(c <= 0.2)), 0]",
        ),
        (
            "believes L2 sets the same small weights to zero",
            _SPARSE_DATA + "c = X.T @ y / len(X)\nn = int(np.sum(np.abs(c) <= 0.2))\nzero_weights = [n, n]",
        ),
        (
            "counts the weights that are not zero",
            _SPARSE_DATA + "c = X.T @ y / len(X)\nzero_weights = [int(np.sum(np.abs(c) > 0.2)), 12]",
        ),
    ],
    "dropout_forward_backward": [
        (
            "delegates to nnlib's Dropout layer",
            "def dropout_forward_backward(a, upstream, keep, rate, training=True):\n"
            "    layer = layers.Dropout(rate, seed=0)\n"
            "    layer.build(a.shape[1:], rng=None, dtype=a.dtype)\n"
            "    return layer.forward(a, training=training), layer.backward(upstream)",
        ),
        (
            "passes the gradient through the mask but forgets its 1/(1 - rate)",
            _dropout(gradient="upstream * keep"),
        ),
        (
            "returns the mask's derivative without the upstream gradient",
            _dropout(gradient="keep / (1 - rate)"),
        ),
        (
            "multiplies the gradient by the output, as if the derivative were the output",
            _dropout(gradient="upstream * a * keep / (1 - rate)"),
        ),
        ("no 1/(1 - rate) scaling anywhere", _dropout(output="a * keep", gradient="upstream * keep")),
        (
            "divides by the rate instead of the keep probability",
            _dropout(output="a * keep / rate", gradient="upstream * keep / rate"),
        ),
        (
            "drops the kept units and keeps the dropped ones",
            _dropout(output="a * ~keep / (1 - rate)", gradient="upstream * ~keep / (1 - rate)"),
        ),
        (
            "scales at inference as well (the original, non-inverted dropout)",
            _dropout(inference="a * (1 - rate), upstream * (1 - rate)"),
        ),
        (
            "forgets the training flag",
            _dropout(inference="a * keep / (1 - rate), upstream * keep / (1 - rate)"),
        ),
        (
            "blocks the gradient at inference",
            _dropout(inference="a, np.zeros_like(upstream)"),
        ),
    ],
    "dropout_sweep": [
        ("believes the highest rate wins", "sweep_answer = 'a'"),
        ("thinks dropout changes nothing", "sweep_answer = 'c'"),
        ("thinks dropout lowers the training loss", "sweep_answer = 'd'"),
    ],
    "early_stopping_epoch": [
        (
            "delegates to nnlib's EarlyStopping",
            "class _Model:\n"
            "    stop_training = False\n"
            "    def get_weights(self):\n"
            "        return []\n"
            "    def set_weights(self, weights):\n"
            "        pass\n"
            "\n"
            "def early_stopping_epoch(val_losses, patience, min_delta=0.0):\n"
            "    model = _Model()\n"
            "    stopper = callbacks.EarlyStopping(patience=patience, min_delta=min_delta)\n"
            "    stopper.set_model(model)\n"
            "    stopper.on_train_begin()\n"
            "    for epoch, loss in enumerate(val_losses):\n"
            "        stopper.on_epoch_end(epoch, {'val_loss': float(loss)})\n"
            "        if model.stop_training:\n"
            "            return epoch, stopper.best_epoch\n"
            "    return len(val_losses) - 1, stopper.best_epoch",
        ),
        (
            "counts a tie with the best as an improvement",
            _early_stopping(improves="loss <= best - min_delta"),
        ),
        (
            "off by one: stops only when the wait exceeds the patience",
            _early_stopping(stops="wait > patience"),
        ),
        ("ignores min_delta", _early_stopping(improves="loss < best")),
        ("adds min_delta the wrong way", _early_stopping(improves="loss < best + min_delta")),
        (
            "counts epochs from 1",
            _early_stopping(best_epoch="best_epoch + 1")
            .replace("return epoch, best_epoch + 1", "return epoch + 1, best_epoch + 1")
            .replace("return len(val_losses) - 1,", "return len(val_losses),"),
        ),
        (
            "compares with the previous epoch instead of the best",
            _early_stopping(improves="loss < previous - min_delta", after="previous = loss")
            .replace(
                'best, best_epoch, wait = float("inf"), 0, 0',
                'best, best_epoch, wait, previous = float("inf"), 0, 0, float("inf")',
            )
            .replace(
                "best, best_epoch, wait = loss, epoch, 0",
                "best, best_epoch, wait, previous = loss, epoch, 0, loss",
            ),
        ),
        (
            "returns the stopping epoch as the best one",
            _early_stopping(best_epoch="epoch").replace(
                "return len(val_losses) - 1, epoch", "return len(val_losses) - 1, len(val_losses) - 1"
            ),
        ),
    ],
    "shifted_digits": [
        (
            "trains on the centered digits only",
            _SHIFTED_DIGITS_TEMPLATE.format(augment="x_fit, y_fit = train_images, train_labels", epochs=40),
        ),
        (
            "copies the chapter's augmentation, which moves by one pixel only",
            _SHIFTED_DIGITS_TEMPLATE.format(
                augment="x_fit, y_fit = all_shifts(train_images, train_labels)", epochs=20
            ),
        ),
        (
            "adds noisy copies instead of shifted ones",
            _SHIFTED_DIGITS_TEMPLATE.format(
                augment="x_fit = np.concatenate([train_images] + [add_noise(train_images, 0.2, seed=k)"
                " for k in range(8)])\ny_fit = np.tile(train_labels, 9)",
                epochs=20,
            ),
        ),
        (
            "repeats the labels in the wrong order (np.repeat instead of np.tile)",
            _SHIFTED_DIGITS_TEMPLATE.format(
                augment="x_fit = all_shifts(train_images, max_shift=2)\ny_fit = np.repeat(train_labels, 25)",
                epochs=12,
            ),
        ),
        (
            "trains on the handed-out off-center digits instead of the 200 training images",
            _SHIFTED_DIGITS_TEMPLATE.format(
                augment="x_fit, y_fit = off_center_images, labels[1200:]", epochs=20
            ),
        ),
        (
            "adds the handed-out off-center digits to the augmented training set",
            _SHIFTED_DIGITS_TEMPLATE.format(
                augment="x_fit, y_fit = all_shifts(train_images, train_labels, max_shift=2)\n"
                "x_fit = np.concatenate([x_fit, off_center_images])\n"
                "y_fit = np.concatenate([y_fit, labels[1200:]])",
                epochs=12,
            ),
        ),
        (
            "adds the chapter's one-pixel shifted test images to its one-pixel augmentation",
            _SHIFTED_DIGITS_TEMPLATE.format(
                augment="x_fit, y_fit = all_shifts(train_images, train_labels)\n"
                "x_fit = np.concatenate([x_fit, random_shifts(images[1200:] / 16.0, seed=1)])\n"
                "y_fit = np.concatenate([y_fit, labels[1200:]])",
                epochs=20,
            ),
        ),
    ],
}
