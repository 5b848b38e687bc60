/* Answer boxes: value and choice exercises checked in the page, with no kernel and no request.
 *
 * Each box is a <form class="nncourse-answer"> holding a JSON spec written at build time
 * by nncourse/exercises/answer_boxes.py from the exercise itself: the expected value with
 * the check's rtol and atol (or the letters), and every message the check would give. This
 * script only reads what was typed, compares as numpy.allclose does, and shows the message.
 * Under Node (the tests) it exports its functions instead of looking for a page.
 */
(function (root, factory) {
  "use strict";
  const api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.nncourseAnswers = api;
    const start = () => document.querySelectorAll("form.nncourse-answer").forEach(api.attach);
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
  }
})(this, function () {
  "use strict";

  const NUMBER = "[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?";
  const PLAIN = new RegExp("^" + NUMBER + "$");
  const FRACTION = new RegExp("^(" + NUMBER + ")/(" + NUMBER + ")$");

  /* A number as Python writes one, or a fraction such as 1/4; null if it is neither. */
  function parseNumber(token) {
    if (PLAIN.test(token)) {
      return Number(token);
    }
    const parts = token.match(FRACTION);
    if (parts && Number(parts[2]) !== 0) {
      return Number(parts[1]) / Number(parts[2]);
    }
    return null;
  }

  /* "[[1, 2], [3 4]]" (commas optional) as nested arrays, or null. */
  function parseNested(text) {
    const tokens = text.match(/[[\]()]|,|[^\s[\](),]+/g) || [];
    let position = 0;
    function item() {
      const token = tokens[position++];
      if (token === "[" || token === "(") {
        const close = token === "[" ? "]" : ")";
        const items = [];
        while (position < tokens.length && tokens[position] !== close) {
          if (tokens[position] === ",") {
            position++;
            continue;
          }
          const inner = item();
          if (inner === null) {
            return null;
          }
          items.push(inner);
        }
        position++; // the closing bracket
        return position <= tokens.length ? items : null;
      }
      return token === undefined ? null : parseNumber(token);
    }
    const value = item();
    return position === tokens.length ? value : null;
  }

  /* The shape of nested arrays, as a list; null if they are ragged. */
  function shapeOf(value) {
    if (!Array.isArray(value)) {
      return [];
    }
    const shapes = value.map(shapeOf);
    if (shapes.some((shape) => shape === null || shape.join() !== (shapes[0] || []).join())) {
      return null;
    }
    return [value.length].concat(shapes.length ? shapes[0] : []);
  }

  function flatten(value) {
    return Array.isArray(value) ? value.flatMap(flatten) : [value];
  }

  /* What was typed, read as numbers: {numbers, shape, bracketed}, or null. */
  function readNumbers(text) {
    let source = text.trim().replace(/\u2212/g, "-").replace(/\s*\/\s*/g, "/");
    const wrapped = source.match(/^(?:np\.|numpy\.)?array\(([\s\S]*)\)$/);
    if (wrapped) {
      source = wrapped[1].trim();
    }
    if (/^[[(]/.test(source)) {
      const value = parseNested(source);
      const shape = value === null ? null : shapeOf(value);
      if (shape === null || flatten(value).some((number) => number === null)) {
        return null;
      }
      return { numbers: flatten(value), shape: shape, bracketed: true };
    }
    const rows = source.split(/\s*[;\n]\s*/).filter((row) => row !== "");
    const table = rows.map((row) => row.split(/[\s,]+/).filter((t) => t !== "").map(parseNumber));
    if (!table.length || table.some((row) => !row.length || row.some((n) => n === null))) {
      return null;
    }
    if (table.length === 1) {
      const row = table[0];
      return { numbers: row, shape: row.length === 1 ? [] : [row.length], bracketed: false };
    }
    if (table.some((row) => row.length !== table[0].length)) {
      return null;
    }
    return { numbers: table.flat(), shape: [table.length, table[0].length], bracketed: false };
  }

  /* A shape as Python writes a tuple: (), (3,), (2, 1). */
  function pythonTuple(shape) {
    return "(" + shape.join(", ") + (shape.length === 1 ? ",)" : ")");
  }

  /* A string as Python's repr writes it, for the texts a check quotes. */
  function pythonRepr(text) {
    const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
    const escaped = text.replace(/\\/g, "\\\\").replace(new RegExp(quote, "g"), "\\" + quote);
    return quote + escaped + quote;
  }

  function fill(message, slot, text) {
    return message.split("{{" + slot + "}}").join(text);
  }

  /* numpy.allclose(got, expected, rtol, atol): |got - expected| <= atol + rtol |expected| everywhere. */
  function allClose(got, expected, rtol, atol) {
    return got.every((g, i) => Math.abs(g - expected[i]) <= atol + rtol * Math.abs(expected[i]));
  }

  function judgeValue(spec, text) {
    const typed = text.trim().replace(/\s+/g, " ");
    const read = readNumbers(text);
    if (read === null) {
      return { ok: false, message: fill(spec.messages.unreadable, "value", typed) };
    }
    let shape = read.shape;
    const size = spec.shape.reduce((product, n) => product * n, 1);
    if (!read.bracketed && read.numbers.length === size) {
      shape = spec.shape; // plain numbers in order take the expected shape
    }
    if (shape.join() !== spec.shape.join() || shape.length !== spec.shape.length) {
      return { ok: false, message: fill(spec.messages.shape, "shape", pythonTuple(shape)) };
    }
    if (!allClose(read.numbers, spec.expected, spec.rtol, spec.atol)) {
      return { ok: false, message: fill(spec.messages.wrong, "value", typed) };
    }
    return { ok: true, message: spec.messages.passed };
  }

  function judgeChoice(spec, text) {
    const typed = text.trim();
    const letter = typed.toLowerCase().replace(/^[\s("'[]+|[\s)"'\].:]+$/g, "");
    if (!spec.options.includes(letter)) {
      return { ok: false, message: fill(spec.messages.unknown, "value", pythonRepr(typed)) };
    }
    if (letter !== spec.correct) {
      return { ok: false, message: spec.messages.wrong[letter] };
    }
    return { ok: true, message: spec.messages.passed };
  }

  /* {ok, message} for what was typed: the message the notebook's check would print. */
  function judge(spec, text) {
    if (text.trim() === "") {
      return { ok: false, message: spec.messages.empty };
    }
    return spec.kind === "choice" ? judgeChoice(spec, text) : judgeValue(spec, text);
  }

  /* The message as text, with `code` spans as <code> (never as HTML: it quotes the input). */
  function render(element, result) {
    element.replaceChildren();
    const mark = document.createElement("span");
    mark.className = "nncourse-answer-mark";
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = result.ok ? "\u2713 " : "\u2717 ";
    element.append(mark);
    const hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = result.ok ? "Right. " : "Not yet. ";
    element.append(hidden);
    const message = document.createElement("span");
    message.className = "nncourse-answer-message";
    result.message.split("`").forEach((part, index) => {
      if (index % 2) {
        const code = document.createElement("code");
        code.textContent = part;
        message.append(code);
      } else {
        message.append(part);
      }
    });
    element.append(message);
  }

  function attach(form) {
    const spec = JSON.parse(form.querySelector("script.nncourse-answer-spec").textContent);
    const input = form.querySelector("input");
    const result = form.querySelector(".nncourse-answer-result");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const outcome = judge(spec, input.value);
      render(result, outcome);
      form.dataset.result = outcome.ok ? "right" : "wrong";
      input.setAttribute("aria-invalid", outcome.ok ? "false" : "true");
    });
    form.hidden = false;
  }

  return { attach, judge, readNumbers, pythonRepr, pythonTuple };
});
