// Progressive enhancement only: every page works without this file.
import { initAll as initGovuk } from "/static/govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "/static/moj/moj-frontend.min.js";

initGovuk();
initMoj();
