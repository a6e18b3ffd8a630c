// Progressive enhancement only: every page works without this file.
// Copy buttons for secrets shown once; they stay hidden where the clipboard API is unavailable.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  if (!navigator.clipboard) {
    return;
  }

  for (const button of document.querySelectorAll("button[data-copy]")) {
    const field = document.getElementById(button.dataset.copy);
    if (!field) {
      continue;
    }

    const status = document.getElementById(`${button.dataset.copy}-status`);
    button.hidden = false;
    button.addEventListener("click", async () => {
      let message;
      try {
        await navigator.clipboard.writeText(field.value);
        message = "Copied to the clipboard.";
      } catch {
        field.select();
        message = "Selected: press Ctrl+C (or Cmd+C) to copy.";
      }

      if (status) {
        status.textContent = message;
        setTimeout(() => {
          status.textContent = "";
        }, 4000);
      }
    });
  }
});
