"""Wrong answers to chapter 8's exercises (see ``tests/wrong_answers/__init__.py``)."""

# The digits exercise's cell with its three bugs, each fixed or not.
DIGITS_STUB = (
    "x_train, _, y_train, _ = load_digits({scaled})\n"
    "digits_model = Sequential([layers.Input((64,)), layers.Dense(64{activation}),\n"
    "                           layers.Dense(10, activation='softmax')], seed=0)\n"
    "digits_model.compile(optimizer={optimizer}, loss='sparse_categorical_crossentropy')\n"
    "with warnings.catch_warnings():\n"
    "    warnings.simplefilter('ignore')\n"
    "    digits_model.fit(x_train, y_train, epochs=30, verbose=0)\n"
)
SGD_2 = "optimizers.SGD(learning_rate=2.0)"

WRONG_ANSWERS = {
    "min_max_scaling": [
        (
            "delegates to scikit-learn's MinMaxScaler",
            "from sklearn.preprocessing import MinMaxScaler\n"
            "\n"
            "def min_max_scale(x_train, x_test):\n"
            "    scaler = MinMaxScaler().fit(x_train)\n"
            "    return scaler.transform(x_train), scaler.transform(x_test)",
        ),
        (
            "scales the test set with its own minimum and maximum",
            "def min_max_scale(x_train, x_test):\n"
            "    def scale(x):\n"
            "        span = x.max(axis=0) - x.min(axis=0)\n"
            "        return (x - x.min(axis=0)) / np.where(span > 0, span, 1.0)\n"
            "    return scale(x_train), scale(x_test)",
        ),
        (
            "divides by the maximum only",
            "def min_max_scale(x_train, x_test):\n"
            "    top = np.where(x_train.max(axis=0) != 0, x_train.max(axis=0), 1.0)\n"
            "    return x_train / top, x_test / top",
        ),
        (
            "divides a constant column by 0",
            "def min_max_scale(x_train, x_test):\n"
            "    low, span = x_train.min(axis=0), x_train.max(axis=0) - x_train.min(axis=0)\n"
            "    return (x_train - low) / span, (x_test - low) / span",
        ),
        (
            "takes the range of each row (axis=1)",
            "def min_max_scale(x_train, x_test):\n"
            "    low = x_train.min(axis=1, keepdims=True)\n"
            "    span = x_train.max(axis=1, keepdims=True) - low\n"
            "    span = np.where(span > 0, span, 1.0)\n"
            "    return (x_train - low) / span, (x_test - low.mean()) / span.mean()",
        ),
        (
            "pools the training and test sets (a leak)",
            "def min_max_scale(x_train, x_test):\n"
            "    both = np.concatenate([x_train, x_test])\n"
            "    low, span = both.min(axis=0), both.max(axis=0) - both.min(axis=0)\n"
            "    span = np.where(span > 0, span, 1.0)\n"
            "    return (x_train - low) / span, (x_test - low) / span",
        ),
        (
            "scales x_train in place",
            "def min_max_scale(x_train, x_test):\n"
            "    low, span = x_train.min(axis=0), x_train.max(axis=0) - x_train.min(axis=0)\n"
            "    span = np.where(span > 0, span, 1.0)\n"
            "    x_train -= low\n"
            "    x_train /= span\n"
            "    return x_train, (x_test - low) / span",
        ),
    ],
    "grid_search_fits": [
        ("forgets the final refit", "n_fits = 3 * 4 * 5"),
        ("forgets the folds", "n_fits = 3 * 4 + 1"),
        ("adds the grid's lists instead of multiplying", "n_fits = (3 + 4) * 5 + 1"),
        ("counts the refit once per fold", "n_fits = 3 * 4 * 5 + 5"),
    ],
    "digits_model": [
        (
            "fixes the activation and the learning rate, but still trains on the raw pixels",
            DIGITS_STUB.format(scaled="scale=False", activation=", activation='relu'", optimizer="'adam'"),
        ),
        (
            "fixes the scaling and the activation, but keeps the learning rate of 2",
            DIGITS_STUB.format(scaled="", activation=", activation='relu'", optimizer=SGD_2),
        ),
        (
            "fixes the scaling and the learning rate, but the hidden layer stays linear",
            DIGITS_STUB.format(scaled="", activation="", optimizer="'adam'"),
        ),
        (
            "fixes only the learning rate",
            DIGITS_STUB.format(scaled="scale=False", activation="", optimizer="'adam'"),
        ),
        (
            "compiled but never trained",
            "digits_model = Sequential([layers.Input((64,)), layers.Dense(64, activation='relu'),\n"
            "                           layers.Dense(10, activation='softmax')], seed=0)\n"
            "digits_model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')",
        ),
        (
            "removes the hidden layer: softmax regression, trained well, reaches 0.95 to 0.97",
            "x_train, x_test, y_train, y_test = load_digits()\n"
            "digits_model = Sequential([layers.Input((64,)), layers.Dense(10, activation='softmax')],\n"
            "                          seed=2)\n"
            "digits_model.compile(optimizer=optimizers.Adam(learning_rate=0.01),\n"
            "                     loss='sparse_categorical_crossentropy')\n"
            "digits_model.fit(x_train, y_train, epochs=20, batch_size=32, verbose=0)",
        ),
    ],
    "architecture_choice": [
        ("trusts the highest mean", "architecture_answer = 'a'"),
        ("believes deeper is always better", "architecture_answer = 'b'"),
        ("reads overfitting from the test accuracy alone", "architecture_answer = 'd'"),
    ],
    "learning_curve_remedy": [
        ("treats divergence as overfitting", "remedy_answer = 'a'"),
        ("swaps the remedies of overfitting and underfitting", "remedy_answer = 'c'"),
        ("takes divergence for underfitting", "remedy_answer = 'd'"),
    ],
}
