// Builds Harbour's front-end into build/static from the npm packages: the Sass,
// GOV.UK and MOJ Frontend's scripts, and MOJ's icons (never a crown or crest).
// Nothing third-party is committed; `make assets` runs this after `npm ci`.
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static");
const src = join(root, "src", "harbour", "static_src");
const modules = join(root, "node_modules");

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

const css = sass.compile(join(src, "scss", "harbour.scss"), {
  loadPaths: [modules, root],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: [],
  logger: sass.Logger.silent,
});
mkdirSync(join(out, "css"), { recursive: true });
writeFileSync(join(out, "css", "harbour.css"), css.css);

copy(join(modules, "govuk-frontend/dist/govuk/govuk-frontend.min.js"), join(out, "govuk/govuk-frontend.min.js"));
copy(join(modules, "@ministryofjustice/frontend/moj/moj-frontend.min.js"), join(out, "moj/moj-frontend.min.js"));
const icons = join(modules, "@ministryofjustice/frontend/moj/assets/images");
for (const name of readdirSync(icons)) {
  if (name.startsWith("icon-")) copy(join(icons, name), join(out, "moj/assets/images", name));
}
for (const name of readdirSync(join(src, "js"))) {
  copy(join(src, "js", name), join(out, "js", name));
}
console.log(`assets built in ${out}`);
