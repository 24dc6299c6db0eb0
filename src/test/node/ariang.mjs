// AriaNg 1.3.14 (src/test/ariang) in Debian's headless chromium, driven by playwright-core: connect
// to the daemon over WebSocket with the secret, add a URL, see it downloading with progress, pause,
// resume, see it complete, check the file's SHA-256. A screenshot of every step goes to EVIDENCE_DIR.
// Usage: node ariang.mjs FILE_NAME (one of FILES_JSON, slow enough to be seen downloading)
import { chromium } from "playwright-core";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { assert, env, log, sha256 } from "./lib/harness.mjs";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARIANG = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "../ariang/index.html");
const STEP_TIMEOUT = 60000;
// ws (the default: notifications) or http (AriaNg polls); the test uses ws.
const PROTOCOL = process.env.ARIANG_PROTOCOL ?? "ws";

const name = process.argv[2];
const file = env.files[name];
if (!file) throw new Error(`usage: node ariang.mjs FILE_NAME; FILE_NAME one of ${Object.keys(env.files)}`);

const base64url = (text) => Buffer.from(text).toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const profile = await mkdtemp(join(tmpdir(), "ariang-profile-"));
// Never a downloaded browser: Debian's chromium, in a fresh profile, with nothing that calls home.
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 800 },
});
let step = 0;
const page = context.pages()[0] ?? (await context.newPage());
page.on("console", (m) => log("console", m.type(), m.text()));
page.on("pageerror", (e) => log("page error", e));
page.setDefaultTimeout(STEP_TIMEOUT);

async function shot(what) {
  step += 1;
  const path = join(process.env.EVIDENCE_DIR, `${String(step).padStart(2, "0")}-${what}.png`);
  await page.screenshot({ path, fullPage: true });
  log("screenshot", path);
}

/** The task row of the list page, found by its name. */
const row = () => page.locator(".task-table-body .row[data-gid]").filter({ has: page.locator(".task-name", { hasText: name }) });
const percent = async () => Number(await row().locator(".progress-bar").getAttribute("aria-valuenow"));
const stateText = () => row().locator(".col-md-2.hidden-xs .task-download-speed");

try {
  const home = pathToFileURL(ARIANG).href;
  await page.goto(`${home}#!/settings/rpc/set/${PROTOCOL}/127.0.0.1/${env.port}/jsonrpc/${base64url(env.secret)}`);
  await page.getByText("Connected", { exact: true }).first().waitFor();
  await shot("connected");

  await page.goto(`${home}#!/new`);
  await page.locator("textarea").first().fill(file.url);
  await page.getByRole("button", { name: "Download Now" }).click();
  await page.waitForURL(/#!\/downloading/);
  await row().waitFor();
  await shot("added");

  await page.waitForFunction(
    (n) => [...document.querySelectorAll(".task-table-body .row[data-gid]")].some((r) =>
      r.querySelector(".task-name")?.textContent === n && Number(r.querySelector(".progress-bar")?.getAttribute("aria-valuenow")) > 0),
    name, { polling: 100 });
  const before = await percent();
  assert.ok(before > 0 && before < 100, `progress ${before}% part-way`);
  await shot(`downloading-${Math.floor(before)}pct`);

  await row().click(); // selects it; the toolbar acts on the selection
  await page.locator('a.toolbar[title="Pause"]').click();
  await stateText().filter({ hasText: "Paused" }).waitFor();
  const paused = await percent();
  assert.ok(paused < 100, `paused at ${paused}%`);
  await shot(`paused-${Math.floor(paused)}pct`);

  // AriaNg moves a paused task to its Waiting page, unselected: select it there, then Start.
  await row().click();
  await page.locator('a.toolbar[title="Start"]').click();
  await stateText().filter({ hasText: /\/s$/ }).waitFor();
  await shot("resumed");

  // The Finished / Stopped page lists it once the daemon reports it stopped; complete means 100%, no error mark.
  await page.goto(`${home}#!/stopped`);
  await row().waitFor();
  await page.waitForFunction((n) => [...document.querySelectorAll(".task-table-body .row[data-gid]")].some((r) =>
    r.querySelector(".task-name")?.textContent === n && r.querySelector(".progress-bar")?.getAttribute("aria-valuenow") === "100"),
  name, { polling: 100 });
  assert.equal(await row().locator(".icon-error").count(), 0, "no error mark");
  await shot("complete");

  const digest = await sha256(join(env.dir, name));
  assert.equal(digest, file.sha256, `sha256 of ${join(env.dir, name)}`);
  log(`PASS ariang ${name}: paused at ${paused}%, complete, sha256 exact`);
} catch (e) {
  log("FAIL ariang:", e);
  await shot("failure").catch(() => {});
  process.exitCode = 1;
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
