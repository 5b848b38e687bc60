"""Wrong answers to chapter 9's exercises (see ``tests/wrong_answers/__init__.py``)."""

# The stub cell of the broken-line exercise, and a broken line built from its knots, slopes,
# changes of slope and output bias (each wrong answer gets one of them wrong).
WAVY = "def wavy(x):\n    return np.sin(3 * x) + 0.5 * x\n"
BROKEN_LINE = (
    WAVY + "knots = np.linspace(-2, 2, {n} + 1)\n"
    "slopes = np.diff(wavy(knots)) / np.diff(knots)\n"
    "changes = {changes}\n"
    "wavy_model = Sequential([layers.Dense({n}, activation='relu', input_shape=(1,)),\n"
    "                         layers.Dense(1)])\n"
    "wavy_model.set_weights([np.ones((1, {n})), {bias}, changes.reshape(-1, 1), {output_bias}])\n"
)


def broken_line(
    n=20, changes="np.diff(slopes, prepend=0.0)", bias="-knots[:-1]", output_bias="wavy(knots[:1])"
):
    return BROKEN_LINE.format(n=n, changes=changes, bias=bias, output_bias=output_bias)


# The stub cell's data for the freeze-and-retrain exercise, and a new head trained on it.
FEW_IMAGES = "pretrained = pretrained_digits()\nx_few, y_few = few_large_digit_images()\n"
TRAIN_HEAD = (
    "transfer_model.compile(optimizer=optimizers.Adam(learning_rate=0.01),\n"
    "                       loss='sparse_categorical_crossentropy')\n"
    "transfer_model.fit(x_few, y_few, epochs=100, verbose=0)\n"
)
NEW_HEAD = (
    "transfer_model = Sequential(pretrained.layers[:2] + [layers.Dense(2, activation='softmax')], seed=0)\n"
)

WRONG_ANSWERS = {
    "approximate_function": [
        ("uses the slopes as output weights, not their changes", broken_line(changes="slopes")),
        ("forgets the output bias, the value at x = -2", broken_line(output_bias="np.zeros(1)")),
        ("puts each hinge at the right end of its piece", broken_line(bias="-knots[1:]")),
        ("a sign error: the hinges at +x_i", broken_line(bias="knots[:-1]")),
        ("too few pieces: 12 units", broken_line(n=12)),
        (
            "the sigmoid staircase of the chapter, 20 steps",
            WAVY + "wavy_model = Sequential([layers.Dense(20, activation='sigmoid', input_shape=(1,)),\n"
            "                         layers.Dense(1)])\n"
            "wavy_model.set_weights(nnlib.approximation.staircase_weights(wavy, 20))\n",
        ),
        (
            "more units than allowed: 40",
            broken_line(n=40),
        ),
        (
            "trains 16 tanh units with the chapter's recipe instead",
            WAVY + "x_wavy = np.linspace(-2, 2, 101).reshape(-1, 1)\n"
            "spread = initializers.RandomUniform(-3.0, 3.0)\n"
            "wavy_model = Sequential([layers.Dense(16, activation='tanh', input_shape=(1,),\n"
            "                                      kernel_initializer=spread, bias_initializer=spread),\n"
            "                         layers.Dense(1)], seed=0)\n"
            "wavy_model.compile(optimizer=optimizers.Adam(learning_rate=0.02), loss='mse')\n"
            "wavy_model.fit(x_wavy, wavy(x_wavy), epochs=2000, batch_size=101, verbose=0)\n",
        ),
        (
            "two hidden layers, where the exercise asks for one",
            broken_line()
            .replace("layers.Dense(1)])", "layers.Dense(1), layers.Dense(1)])")
            .replace("wavy(knots[:1])])", "wavy(knots[:1]), np.ones((1, 1)), np.zeros(1)])"),
        ),
    ],
    "approximation_promise": [
        ("takes the theorem as a promise about learning", "promise_answer = 'a'"),
        ("thinks it needs sigmoid units", "promise_answer = 'b'"),
        ("thinks it needs two hidden layers", "promise_answer = 'd'"),
    ],
    "max_pooling": [
        (
            "delegates to nnlib's max_pool2d",
            "def max_pool2d(feature_map, size):\n    return nnlib.convolution.max_pool2d(feature_map, size)",
        ),
        (
            "averages instead of taking the maximum",
            "def max_pool2d(feature_map, size):\n"
            "    rows, columns = feature_map.shape[0] // size, feature_map.shape[1] // size\n"
            "    kept = feature_map[:rows * size, :columns * size]\n"
            "    return kept.reshape(rows, size, columns, size).mean(axis=(1, 3))",
        ),
        (
            "starts each maximum from 0, so negative maxima come out as 0",
            "def max_pool2d(feature_map, size):\n"
            "    rows, columns = feature_map.shape[0] // size, feature_map.shape[1] // size\n"
            "    out = np.zeros((rows, columns))\n"
            "    for i in range(rows):\n"
            "        for j in range(columns):\n"
            "            for value in feature_map[i*size:(i+1)*size, j*size:(j+1)*size].ravel():\n"
            "                out[i, j] = max(out[i, j], value)\n"
            "    return out",
        ),
        (
            "slides the window one pixel at a time (overlapping windows)",
            "def max_pool2d(feature_map, size):\n"
            "    rows = feature_map.shape[0] - size + 1\n"
            "    columns = feature_map.shape[1] - size + 1\n"
            "    out = np.empty((rows, columns))\n"
            "    for i in range(rows):\n"
            "        for j in range(columns):\n"
            "            out[i, j] = feature_map[i:i + size, j:j + size].max()\n"
            "    return out",
        ),
        (
            "keeps the partial windows at the edges (rounds the output size up)",
            "def max_pool2d(feature_map, size):\n"
            "    rows = -(-feature_map.shape[0] // size)\n"
            "    columns = -(-feature_map.shape[1] // size)\n"
            "    out = np.empty((rows, columns))\n"
            "    for i in range(rows):\n"
            "        for j in range(columns):\n"
            "            out[i, j] = feature_map[i*size:(i+1)*size, j*size:(j+1)*size].max()\n"
            "    return out",
        ),
        (
            "off by one: the window stops one row and column short",
            "def max_pool2d(feature_map, size):\n"
            "    rows, columns = feature_map.shape[0] // size, feature_map.shape[1] // size\n"
            "    out = np.empty((rows, columns))\n"
            "    for i in range(rows):\n"
            "        for j in range(columns):\n"
            "            window = feature_map[i*size:(i+1)*size - 1, j*size:(j+1)*size - 1]\n"
            "            out[i, j] = window.max() if window.size else feature_map[i, j]\n"
            "    return out",
        ),
    ],
    "choose_architecture": [
        ("flattens the photo into an MLP, counting photos but not weights", "architecture_answer = 'a'"),
        ("reads the image as a sequence of rows", "architecture_answer = 'c'"),
        ("expects features learned without labels to classify", "architecture_answer = 'd'"),
    ],
    "frozen_parameters": [
        ("forgets the biases", "frozen_counts = [128 * 10, 784 * 256 + 256 * 128]"),
        ("swaps the two numbers", "frozen_counts = [784 * 256 + 256 + 256 * 128 + 128, 128 * 10 + 10]"),
        ("counts frozen parameters as gone", "frozen_counts = [128 * 10 + 10, 0]"),
        (
            "freezes only the first Dense layer (takes the Dropout for the second)",
            "frozen_counts = [256 * 128 + 128 + 128 * 10 + 10, 784 * 256 + 256]",
        ),
    ],
    "freeze_and_retrain": [
        (
            "never freezes: fine-tunes the borrowed layers on 20 images",
            FEW_IMAGES + NEW_HEAD + TRAIN_HEAD,
        ),
        (
            "freezes the borrowed layers only after training",
            FEW_IMAGES
            + NEW_HEAD
            + TRAIN_HEAD
            + "for layer in transfer_model.layers[:2]:\n    layer.trainable = False\n",
        ),
        (
            "trains the same network from scratch on the 20 images",
            FEW_IMAGES
            + "transfer_model = Sequential([layers.Dense(64, activation='relu', input_shape=(64,)),\n"
            "                             layers.Dense(32, activation='relu'),\n"
            "                             layers.Dense(2, activation='softmax')], seed=0)\n" + TRAIN_HEAD,
        ),
        (
            "freezes only the first layer",
            FEW_IMAGES + "pretrained.layers[0].trainable = False\n" + NEW_HEAD + TRAIN_HEAD,
        ),
        (
            "freezes the layers and adds the head, but never trains it",
            FEW_IMAGES
            + "for layer in pretrained.layers[:2]:\n    layer.trainable = False\n"
            + NEW_HEAD
            + "transfer_model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n",
        ),
        (
            "copies the weights into new layers but leaves them trainable",
            FEW_IMAGES
            + "transfer_model = Sequential([layers.Dense(64, activation='relu', input_shape=(64,)),\n"
            "                             layers.Dense(32, activation='relu'),\n"
            "                             layers.Dense(2, activation='softmax')], seed=0)\n"
            "transfer_model.set_weights(pretrained.get_weights()[:4] + transfer_model.get_weights()[4:])\n"
            + TRAIN_HEAD,
        ),
        (
            "freezes everything, the new head included",
            FEW_IMAGES
            + NEW_HEAD
            + "for layer in transfer_model.layers:\n    layer.trainable = False\n"
            + TRAIN_HEAD,
        ),
    ],
}
