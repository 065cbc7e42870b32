// Screenshots of pages at kiosk, phone and desktop sizes, to look at them as a user would.
// Usage: node screenshot.mjs BASE_URL OUT_DIR PATH...   (aiguillage must be running)
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

const [base, out, ...paths] = process.argv.slice(2);
const sizes = { kiosk: [1080, 1920], phone: [360, 740], desktop: [1366, 900] };
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
for (const [index, path] of paths.entries()) {
  for (const [name, [width, height]] of Object.entries(sizes)) {
    const page = await browser.newPage({ viewport: { width, height }, javaScriptEnabled: false });
    await page.goto(base + path);
    const file = `${out}/${index}-${name}.png`;
    await page.screenshot({ path: file, fullPage: process.env.FULL === "1" });
    console.log(file, path);
    await page.close();
  }
}
await browser.close();
