// Passkeys (WebAuthn) for the profile and the sign-in pages, without a library: the server's
// options come as JSON with base64url strings for the binary parts, which are turned into
// ArrayBuffers for navigator.credentials, and the answer goes back the other way.
//
// Each widget is an element with data-passkeys and:
//   data-mode          register | enrol (navigator.credentials.create) or sign_in | second_factor (get)
//   data-options-url   where to POST for the options ({name} or {mode})
//   data-verify-url    where to POST the answer; the reply's `redirect` is opened
//   data-csrf          the CSRF token, sent as X-CSRFToken
//   data-msg-*         the sentences to show, in the page's language
// Its .passkey-supported part stays hidden where the browser has no WebAuthn; its
// .passkey-unsupported part is shown then instead.
(function () {
  "use strict";

  function toBuffer(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) {
      base64 += "=";
    }
    var binary = window.atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return window.btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withBufferIds(descriptors) {
    return (descriptors || []).map(function (d) {
      return { type: d.type, id: toBuffer(d.id), transports: d.transports };
    });
  }

  function creationOptions(json) {
    var options = Object.assign({}, json);
    options.challenge = toBuffer(json.challenge);
    options.user = Object.assign({}, json.user, { id: toBuffer(json.user.id) });
    options.excludeCredentials = withBufferIds(json.excludeCredentials);
    return options;
  }

  function requestOptions(json) {
    var options = Object.assign({}, json);
    options.challenge = toBuffer(json.challenge);
    options.allowCredentials = withBufferIds(json.allowCredentials);
    return options;
  }

  function registrationAnswer(credential) {
    var response = credential.response;
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      response: {
        clientDataJSON: toBase64url(response.clientDataJSON),
        attestationObject: toBase64url(response.attestationObject),
        transports: response.getTransports ? response.getTransports() : [],
      },
    };
  }

  function assertionAnswer(credential) {
    var response = credential.response;
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      response: {
        clientDataJSON: toBase64url(response.clientDataJSON),
        authenticatorData: toBase64url(response.authenticatorData),
        signature: toBase64url(response.signature),
        userHandle: response.userHandle ? toBase64url(response.userHandle) : null,
      },
    };
  }

  // A refusal from the server: its sentence, and each field's.
  function Refusal(message, fields) {
    this.message = message;
    this.fields = fields || {};
  }

  function post(widget, url, body) {
    return window
      .fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": widget.dataset.csrf,
        },
        body: JSON.stringify(body),
      })
      .then(function (response) {
        return response.json().then(
          function (data) {
            if (response.ok) {
              return data;
            }
            var error = data && data.error ? data.error : {};
            throw new Refusal(error.message || widget.dataset.msgFailed, error.fields);
          },
          function () {
            // Not JSON: an expired form (CSRF) or the server's own error page.
            throw new Refusal(widget.dataset.msgReload);
          }
        );
      });
  }

  function say(widget, text) {
    var box = widget.querySelector(".passkey-message");
    box.textContent = text || "";
    box.hidden = !text;
  }

  function sayField(widget, text) {
    var box = widget.querySelector(".passkey-field-error");
    var field = widget.querySelector(".field");
    if (box) {
      box.textContent = text || "";
      box.hidden = !text;
    }
    if (field) {
      field.classList.toggle("has-error", Boolean(text));
    }
  }

  function explain(widget, error) {
    if (error instanceof Refusal) {
      return error.message;
    }
    var name = error && error.name;
    if (name === "NotAllowedError" || name === "AbortError") {
      return widget.dataset.msgCancelled;
    }
    if (name === "InvalidStateError") {
      return widget.dataset.msgExists;
    }
    if (name === "SecurityError") {
      return widget.dataset.msgNotHere;
    }
    return widget.dataset.msgFailed;
  }

  function run(widget) {
    var mode = widget.dataset.mode;
    var creating = mode === "register" || mode === "enrol";
    var nameInput = widget.querySelector("input[name=name]");
    var body = creating ? { name: nameInput ? nameInput.value : "" } : { mode: mode };
    return post(widget, widget.dataset.optionsUrl, body)
      .then(function (options) {
        say(widget, widget.dataset.msgWaiting);
        if (creating) {
          return navigator.credentials
            .create({ publicKey: creationOptions(options) })
            .then(registrationAnswer);
        }
        return navigator.credentials.get({ publicKey: requestOptions(options) }).then(assertionAnswer);
      })
      .then(function (answer) {
        return post(widget, widget.dataset.verifyUrl, answer);
      })
      .then(function (done) {
        window.location.assign(done.redirect);
      });
  }

  function start(widget, event) {
    event.preventDefault();
    var button = widget.querySelector(".passkey-go");
    if (button.disabled) {
      return;
    }
    button.disabled = true;
    say(widget, "");
    sayField(widget, "");
    run(widget).catch(function (error) {
      button.disabled = false;
      if (error instanceof Refusal && error.fields.name) {
        sayField(widget, error.fields.name);
        say(widget, "");
        return;
      }
      say(widget, explain(widget, error));
    });
  }

  function setUp(widget) {
    var supported = Boolean(window.PublicKeyCredential && navigator.credentials);
    widget.querySelectorAll(".passkey-supported").forEach(function (part) {
      part.hidden = !supported;
    });
    widget.querySelectorAll(".passkey-unsupported").forEach(function (part) {
      part.hidden = supported;
    });
    if (!supported) {
      return;
    }
    var form = widget.querySelector("form");
    if (form) {
      form.addEventListener("submit", function (event) {
        start(widget, event);
      });
    } else {
      widget.querySelector(".passkey-go").addEventListener("click", function (event) {
        start(widget, event);
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-passkeys]").forEach(setUp);
  });
})();
