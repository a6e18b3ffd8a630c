// The customer's app code. The Waymark origin comes from a data attribute and the rest from the query string
// (?key=WRITE_KEY&user=USER_ID&plan=PLAN), never from an inline script: the page's CSP forbids those.
(function () {
  "use strict";
  const settings = new URLSearchParams(location.search);
  const waymark = window.waymark;
  waymark.initialize(settings.get("key"), { endpoint: document.body.dataset.waymarkEndpoint });
  waymark.identify(settings.get("user"), { plan: settings.get("plan") || "free", name: "Sample user" });
  document.getElementById("new-project").addEventListener("click", function () {
    waymark.track("Created project");
  });
  document.querySelector(".invite").addEventListener("click", function () {
    waymark.track("Invited teammate");
  });

  const title = document.getElementById("route-title");
  if (!title) return;
  const render = function () {
    title.textContent = location.pathname.indexOf("/spa/projects") === 0 ? "Projects" : "Home";
  };
  document.querySelectorAll("a[data-route]").forEach(function (link) {
    link.addEventListener("click", function (e) {
      e.preventDefault();
      // Keeps the query string, as a real app keeps its session across routes.
      history.pushState(null, "", link.getAttribute("href") + location.search);
      render();
    });
  });
  window.addEventListener("popstate", render);
  render();
})();
