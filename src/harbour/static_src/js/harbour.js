// Progressive enhancement only: every page works without this file.
import { initAll as initGovuk } from "/static/govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "/static/moj/moj-frontend.min.js";

initGovuk();
initMoj();

// An evidence pack being built: fetch this page again every two seconds and
// swap in its status, until the pack is ready (the link still works without this).
const packStatus = document.querySelector("[data-harbour-pack-building]");
if (packStatus) {
  const poll = async () => {
    const response = await fetch(window.location.href, { headers: { Accept: "text/html" } });
    const next = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = next.querySelector("#pack-status");
    const current = document.querySelector("#pack-status");
    if (fresh && current) {
      current.replaceWith(fresh);
    }
    if (fresh && fresh.hasAttribute("data-harbour-pack-building")) {
      window.setTimeout(poll, 2000);
    } else {
      const actions = next.querySelector("#pack-actions");
      const refresh = document.querySelector("#pack-refresh");
      if (actions && refresh) {
        refresh.replaceWith(actions);
      }
    }
  };
  window.setTimeout(poll, 2000);
}
