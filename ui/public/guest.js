// Adds "Chat as a guest" under the sign-in form: guests may ask about products, delivery and
// returns, and identify an order with its number and email or postcode.
(function () {
  function addGuestButton() {
    if (!window.location.pathname.endsWith("/login")) return;
    if (document.getElementById("guest-login")) return;
    var form = document.querySelector("form");
    if (!form || !form.parentElement) return;
    var button = document.createElement("button");
    button.id = "guest-login";
    button.type = "button";
    button.textContent = "Chat as a guest";
    button.style.cssText =
      "margin-top:12px;width:100%;padding:8px;border:1px solid #aaa;border-radius:6px;" +
      "background:transparent;cursor:pointer;font:inherit";
    button.onclick = function () {
      var body = new URLSearchParams({ username: "guest", password: "guest" });
      fetch("/login", { method: "POST", body: body, credentials: "include" }).then(function (r) {
        if (r.ok) window.location.href = "/";
      });
    };
    form.parentElement.appendChild(button);
  }
  new MutationObserver(addGuestButton).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
})();
