// Passkey ceremonies for forms marked data-passkey="create" (add a passkey) or "sign-in". The form's own fields,
// antiforgery token included, are posted to data-options-url for the WebAuthn options; the browser then asks the
// person for their passkey, and the answer (credential.toJSON()) goes into the form's Credential field before the
// form is submitted as usual. Nothing runs inline: the pages' Content-Security-Policy forbids it.
"use strict";

const messages = {
  unsupported: "This browser cannot use passkeys. Use a current browser, or sign in with your password.",
  cancelled: "No passkey was used: the request was cancelled or timed out. Try again when you are ready.",
  duplicate: "This device already holds a passkey for your account. Choose another device or security key.",
  failed: "The passkey request did not start. Reload the page and try again.",
};

/** The server refused to start the ceremony; its problem+json detail says what to do. */
class Refused extends Error {}

function supported() {
  return typeof window.PublicKeyCredential === "function"
    && typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function"
    && typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";
}

async function fetchOptions(form) {
  const response = await fetch(form.dataset.optionsUrl, {
    method: "POST",
    body: new FormData(form),
    credentials: "same-origin",
    headers: { Accept: "application/json, application/problem+json" },
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Refused(body && body.detail ? body.detail : messages.failed);
  }

  return body;
}

async function ask(form) {
  const options = await fetchOptions(form);
  if (form.dataset.passkey === "create") {
    return navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
  }

  return navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
}

function explain(error) {
  if (error && error.name === "NotAllowedError") {
    return messages.cancelled;
  }

  if (error && error.name === "InvalidStateError") {
    return messages.duplicate;
  }

  return error instanceof Refused ? error.message : messages.failed;
}

document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-passkey]")) {
    const status = form.querySelector("[data-passkey-status]");
    const button = form.querySelector("button[type=submit]");
    const credential = form.elements.namedItem("Credential");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      status.textContent = "";
      if (!supported()) {
        status.textContent = messages.unsupported;
        return;
      }

      button.disabled = true;
      try {
        const answer = await ask(form);
        credential.value = JSON.stringify(answer.toJSON());
        form.submit();
      } catch (error) {
        status.textContent = explain(error);
        button.disabled = false;
      }
    });
  }
});
