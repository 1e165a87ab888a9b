// Browser side of hypster_ui's export button, loaded by anywidget.
//
// The export text is synced from the kernel before any click, because browsers
// allow `navigator.clipboard.writeText` only while handling the click itself.

/**
 * @typedef {Object} ExportModel
 * @property {(name: "text" | "label") => string} get
 * @property {(event: string, callback: () => void) => void} on
 * @property {(event: string, callback: () => void) => void} off
 */

/**
 * Copy `text` with the legacy `execCommand("copy")`, selecting it in `box` first.
 * Used where the clipboard API is missing (plain http on a remote host, old
 * browsers) or refused.
 *
 * @param {HTMLTextAreaElement} box
 * @returns {boolean} whether the browser reported a copy
 */
function copyBySelection(box) {
  box.focus();
  box.select();
  try {
    return document.execCommand("copy");
  } catch (error) {
    console.warn("hypster: copying by selection failed", error);
    return false;
  }
}

/**
 * Render the export button, its copyable box and a status line.
 *
 * @param {{ model: ExportModel, el: HTMLElement }} context
 * @returns {() => void} cleanup that removes the model listeners
 */
function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "hypster-export";

  const button = document.createElement("button");
  button.type = "button";
  button.className = "hypster-export-button jupyter-button";
  button.textContent = model.get("label");

  const status = document.createElement("span");
  status.className = "hypster-export-status";
  status.setAttribute("role", "status");

  const box = document.createElement("textarea");
  box.className = "hypster-export-text";
  box.readOnly = true;
  box.spellcheck = false;
  box.hidden = true;

  const showText = () => {
    const text = model.get("text");
    const lines = text.split("\n");
    const longest = Math.max(...lines.map((line) => line.length));
    box.value = text;
    box.rows = Math.min(Math.max(lines.length, 2), 20);
    box.cols = Math.min(Math.max(longest + 2, 30), 100);
  };

  button.addEventListener("click", () => {
    showText();
    box.hidden = false;
    const text = box.value;
    const fallback = () => {
      status.textContent = copyBySelection(box)
        ? "Copied to the clipboard."
        : "Select the text and copy it.";
    };
    if (navigator.clipboard && window.isSecureContext) {
      // Called synchronously inside the click handler, where browsers allow it.
      navigator.clipboard.writeText(text).then(
        () => {
          status.textContent = "Copied to the clipboard.";
        },
        (error) => {
          console.warn("hypster: clipboard write rejected", error);
          fallback();
        },
      );
    } else {
      fallback();
    }
  });

  const onText = () => {
    if (!box.hidden) {
      showText();
      status.textContent = "";
    }
  };
  const onLabel = () => {
    button.textContent = model.get("label");
  };
  model.on("change:text", onText);
  model.on("change:label", onLabel);

  const row = document.createElement("div");
  row.className = "hypster-export-row";
  row.append(button, status);
  root.append(row, box);
  el.append(root);

  return () => {
    model.off("change:text", onText);
    model.off("change:label", onLabel);
  };
}

export default { render };
