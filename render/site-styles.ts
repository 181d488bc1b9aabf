/**
 * The site's one stylesheet: GOV.UK-like, readable at phone width, large touch
 * targets (44px and up), visible focus, and contrast at WCAG 2.2 AA.
 */
export const SITE_STYLES = `
body { margin: 0; font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; font-size: 1.0625rem; line-height: 1.5; color: #0b0c0c; background: #f3f2f1; }
header { background: #0b4f6c; color: #fff; padding: 12px 16px; }
header a { color: #fff; font-weight: 700; text-decoration: none; }
main { max-width: 960px; margin: 0 auto; padding: 16px; background: #fff; min-height: 80vh; }
a { color: #1d5b99; }
a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus, [tabindex="0"]:focus { outline: 3px solid #ffbf47; outline-offset: 0; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0.5rem 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 8px; border-bottom: 1px solid #b1b4b6; vertical-align: top; }
caption { text-align: left; font-weight: 700; padding: 0.5rem 0; }
.lead { color: #505a5f; margin-top: 0; }
.hint { color: #505a5f; margin: 0.25rem 0; }
.facts { display: grid; grid-template-columns: fit-content(40%) 1fr; gap: 0.25rem 1rem; margin: 1rem 0; }
.facts dt { font-weight: 700; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
label { display: block; font-weight: 700; margin: 1rem 0 0.25rem; }
label.choice { display: inline-flex; align-items: center; gap: 0.5rem; font-weight: 400; margin: 0.25rem 1.5rem 0.25rem 0; min-height: 44px; }
input[type=radio], input[type=checkbox] { width: 1.5rem; height: 1.5rem; }
td .hint, th .hint { font-size: 0.875rem; }
pre { background: #f3f2f1; padding: 0.75rem 1rem; overflow-x: auto; font-size: 0.9375rem; }
input[type=file] { font: inherit; padding: 0.5rem 0; max-width: 100%; }
input[type=date], input[type=text], input[type=email], input[type=password], select, textarea { font: inherit; width: 100%; max-width: 32rem; box-sizing: border-box; padding: 0.5rem; border: 2px solid #0b0c0c; }
fieldset { border: 0; padding: 0; margin: 1rem 0; }
fieldset.row { border-left: 4px solid #b1b4b6; padding-left: 0.75rem; }
legend { font-weight: 700; }
.button { font: inherit; font-weight: 700; background: #0b4f6c; color: #fff; border: 2px solid #0b4f6c; border-radius: 6px; padding: 0.75rem 1.25rem; min-height: 48px; margin: 1rem 0; cursor: pointer; }
.button.secondary { background: #fff; color: #0b4f6c; }
a.button { display: inline-block; text-decoration: none; }
form.inline { display: inline-block; margin-right: 0.5rem; }
.panel { border-left: 6px solid #00703c; background: #f3f9f5; padding: 0.75rem 1rem; margin: 1rem 0; }
.error-summary { border: 4px solid #d4351c; padding: 0.75rem 1rem; margin: 1rem 0; }
.error-summary a { color: #d4351c; font-weight: 700; }
details summary { cursor: pointer; color: #1d5b99; font-weight: 700; min-height: 44px; display: flex; align-items: center; }
.skip-link { position: absolute; left: -9999px; top: 0; background: #ffbf47; color: #0b0c0c; padding: 0.5rem 1rem; }
.skip-link:focus { left: 0; z-index: 10; }
header .site { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 0.5rem; }
header .who { font-size: 0.9375rem; }
header .who form { display: inline; }
header .who button { font: inherit; background: none; border: 0; color: #fff; text-decoration: underline; cursor: pointer; min-height: 44px; padding: 0 0.25rem; }
nav.sections ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0.5rem 0 0; padding: 0; }
nav.sections a { display: inline-flex; align-items: center; min-height: 44px; font-weight: 400; }
nav.sections a[aria-current=page] { font-weight: 700; text-decoration: underline; text-underline-offset: 6px; text-decoration-thickness: 3px; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.error-message { color: #d4351c; font-weight: 700; margin: 0.25rem 0; }
input[aria-invalid=true], select[aria-invalid=true], textarea[aria-invalid=true] { border-color: #d4351c; }
.table-scroll { overflow-x: auto; position: relative; } /* relative: the visually hidden text inside (absolutely placed) must scroll with the table, not widen the page; focusable (tabindex) so keyboard users can scroll it */
.tag { display: inline-block; padding: 0.125rem 0.5rem; font-size: 0.875rem; font-weight: 700; background: #e8f1f8; color: #0b0c0c; }
.tag.warning { background: #fcd6c3; }
.tag.ok { background: #cce2d8; }
.tag.muted { background: #f3f2f1; color: #505a5f; }
.attention { list-style: none; padding: 0; }
.attention li { border-left: 6px solid #d4351c; padding: 0.5rem 0.75rem; margin: 0.5rem 0; background: #fdf3f1; }
.attention li.soon { border-left-color: #f47738; background: #fef7f1; }
.count { font-size: 1.5rem; font-weight: 700; }
blockquote.pledge { border-left: 6px solid #0b4f6c; margin: 1rem 0; padding: 0.5rem 1rem; background: #f3f7f9; font-size: 1.125rem; }
`;
