// Accessibility audit of aiguillage in real Chromium.
//
// Starts the server (AIGUILLAGE_BIN, default target/release/aiguillage) on a free
// port, then for every page of pages.mjs:
//   - axe-core: WCAG 2.0, 2.1, 2.2 A and AA, and best practices; any violation fails;
//   - keyboard: every link, button and field is reached with Tab, in order, and shows
//     a visible focus indicator;
//   - reflow: no horizontal scroll at 320 px wide, nor at 640 px with text at 200 %;
//   - without CSS: the page keeps its headings, and pictograms stay small;
//   - kiosk-sized targets: every link and button is at least 48 × 48 px (kiosk sizes).
// Prints each problem and exits non-zero if there is any.
//
// Usage: node audit.mjs            (from tests/a11y, after npm ci)
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import net from "node:net";
import { chromium } from "playwright-core";
import { pages, slips } from "./pages.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const root = new URL("../../", import.meta.url).pathname;
const binary = process.env.AIGUILLAGE_BIN || `${root}target/release/aiguillage`;
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const ADMIN_TOKEN = "audit-token";
const dataDir = mkdtempSync(join(tmpdir(), "aiguillage-audit-"));
const adminHeaders = { Authorization: "Basic " + Buffer.from(`audit:${ADMIN_TOKEN}`).toString("base64") };

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function startServer() {
  const port = await freePort();
  const child = spawn(
    binary,
    ["--listen", `127.0.0.1:${port}`, "--data-dir", dataDir, "--admin-token", ADMIN_TOKEN],
    { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, RUST_LOG: "warn" } },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) return { child, base };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`aiguillage did not start (${binary})`);
}

const problems = [];
const report = (url, check, message) => problems.push(`${url}\n  [${check}] ${message}`);

async function axe(page, url, enhancedContrast) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async (enhanced) => {
    // eslint-disable-next-line no-undef
    const main = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      resultTypes: ["violations"],
    });
    if (enhanced) {
      // High contrast mode promises 7:1 (WCAG 1.4.6).
      // eslint-disable-next-line no-undef
      const aaa = await axe.run(document, { runOnly: { type: "rule", values: ["color-contrast-enhanced"] }, resultTypes: ["violations"] });
      main.violations.push(...aaa.violations);
    }
    return main;
  }, enhancedContrast);
  for (const violation of result.violations) {
    const where = violation.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ");
    report(url, "axe", `${violation.id} (${violation.impact}): ${violation.help} — ${where}`);
  }
}

/// Tabs through the page: every focusable element in order, each visibly focused.
async function keyboard(page, url) {
  const expected = await page.evaluate(() =>
    [...document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary")]
      .filter((el) => !el.disabled && el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true }))
      // Tab reaches one radio button of a group; arrows move within it.
      .filter((el, _, all) => el.type !== "radio" || all.find((o) => o.type === "radio" && o.name === el.name) === el)
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  const reached = [];
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  // Some fields take several stops (a date: day, month, year): allow for them.
  for (let i = 0; i < expected.length * 4 + 10; i++) {
    await page.keyboard.press("Tab");
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const focused = getComputedStyle(el);
      const snapshot = (s) => [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color, s.textDecorationLine].join("|");
      const withFocus = snapshot(focused);
      // The same element unfocused: a copy beside it (blurring would lose the caret).
      const copy = el.cloneNode(true);
      copy.removeAttribute("id");
      el.parentNode.insertBefore(copy, el.nextSibling);
      const withoutFocus = snapshot(getComputedStyle(copy));
      copy.remove();
      const box = el.getBoundingClientRect();
      return { html: el.outerHTML.slice(0, 80), visible: withFocus !== withoutFocus, size: box.width * box.height };
    });
    if (!info) break;
    if (reached.length && info.html === reached[0]) break;
    // Another stop inside the same field (a date's month, then year): already checked.
    if (reached.length && info.html === reached[reached.length - 1]) continue;
    reached.push(info.html);
    if (!info.visible) report(url, "keyboard", `no visible focus on ${info.html}`);
    if (info.size === 0) report(url, "keyboard", `focus on an invisible element ${info.html}`);
  }
  const radioGroups = new Set(reached.map((html) => (html.match(/type="radio" name="([^"]+)"/) || [])[1]).filter(Boolean));
  const missing = expected.filter((html) => {
    const group = (html.match(/type="radio" name="([^"]+)"/) || [])[1];
    return group ? !radioGroups.has(group) : !reached.includes(html);
  });
  for (const html of missing) report(url, "keyboard", `not reachable with Tab: ${html}`);
}

async function reflow(browser, url, extraHTTPHeaders) {
  for (const [width, zoom] of [[320, 1], [640, 2]]) {
    const page = await browser.newPage({ viewport: { width, height: 800 }, extraHTTPHeaders });
    await page.goto(url);
    if (zoom !== 1) await page.evaluate((z) => { document.documentElement.style.fontSize = `${z * 112.5}%`; }, zoom);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) report(url, "reflow", `horizontal scroll of ${overflow}px at ${width}px wide, text ×${zoom}`);
    await page.close();
  }
}

async function withoutCss(browser, url, extraHTTPHeaders) {
  const page = await browser.newPage({ viewport: { width: 1024, height: 800 }, extraHTTPHeaders });
  await page.route("**/*.css", (route) => route.abort());
  await page.goto(url);
  const result = await page.evaluate(() => ({
    h1: document.querySelectorAll("h1").length,
    bigPictos: [...document.querySelectorAll(".picto svg")].filter((svg) => svg.getBoundingClientRect().width > 64).length,
  }));
  if (result.h1 !== 1) report(url, "no-css", `expected one h1, found ${result.h1}`);
  if (result.bigPictos) report(url, "no-css", `${result.bigPictos} pictogram(s) wider than 64px without CSS`);
  await page.close();
}

async function targets(page, url) {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll("main a[href], main button, main input:not([type=hidden]), header a, footer a")]
      .filter((el) => el.getClientRects().length > 0)
      // A field inside its label is touched through the whole label.
      .map((el) => ({ el, box: (el.closest("label") || el).getBoundingClientRect() }))
      .filter(({ box }) => box.width < 48 || box.height < 48)
      .map(({ el, box }) => `${Math.round(box.width)}×${Math.round(box.height)} ${el.outerHTML.slice(0, 70)}`),
  );
  for (const target of small) report(url, "target-size", `smaller than 48×48 px: ${target}`);
}

/// The printed slip: one A4 page, and no overflow on an 80 mm receipt roll.
async function slip(browser, url) {
  const page = await browser.newPage();
  await page.goto(url);
  const pdf = await page.pdf({ format: "A4", margin: { top: "0", bottom: "0", left: "0", right: "0" } });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  if (pages !== 1) report(url, "print", `the slip takes ${pages} A4 pages`);
  const qr = await page.evaluate(() => document.querySelectorAll("section.slip .qr svg, .result").length);
  if (qr === 0) report(url, "print", "no QR code on the slip");
  await page.close();
  const receipt = await browser.newPage({ viewport: { width: 302, height: 1200 } });
  await receipt.emulateMedia({ media: "print" });
  await receipt.goto(url);
  const overflow = await receipt.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow > 0) report(url, "print", `${overflow}px wider than an 80 mm receipt`);
  await receipt.close();
}

const { child, base } = await startServer();
let audited = 0;
let slipsChecked = 0;
try {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
  for (const { path, status = 200, full = false, admin = false } of pages) {
    const url = base + path;
    const extraHTTPHeaders = admin ? adminHeaders : {};
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, bypassCSP: true, extraHTTPHeaders });
    const page = await context.newPage();
    const response = await page.goto(url);
    if (response.status() !== status) report(url, "status", `expected ${status}, got ${response.status()}`);
    if (full) {
      await keyboard(page, url);
      await targets(page, url);
    }
    await axe(page, url, path.includes("contraste=fort"));
    await context.close();
    await reflow(browser, url, extraHTTPHeaders);
    if (full) await withoutCss(browser, url, extraHTTPHeaders);
    audited += 1;
  }
  for (const path of slips) {
    await slip(browser, base + path);
    slipsChecked += 1;
  }
  await browser.close();
} finally {
  child.kill();
}

for (const problem of problems) console.log(problem);
console.log(`\n${audited} pages audited (every language, kiosk, display options), ${slipsChecked} slips printed, ${problems.length} problem(s).`);
process.exit(problems.length === 0 && audited > 0 ? 0 : 1);
