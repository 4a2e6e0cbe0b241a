// End-to-end: a coordinator's intake, a panel member's decision, the lawyer's overview — in Chromium,
// with an axe-core WCAG 2.1 AA check on every page visited and a screenshot of each step.
// Run by tests/web/test_browser.py, which starts the server and passes BASE_URL, CHROMIUM, ARTIFACTS.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const BASE = process.env.BASE_URL;
const ARTIFACTS = process.env.ARTIFACTS || "test-artifacts";
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
mkdirSync(ARTIFACTS, { recursive: true });

let browser;
const violations = [];
const cspErrors = [];

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage"],
  });
});
after(async () => { await browser?.close(); });

async function newPage() {
  const context = await browser.newContext({ locale: "nl-NL", timezoneId: "Europe/Amsterdam" });
  const page = await context.newPage();
  page.on("console", (msg) => { if (/Content.Security.Policy|Refused to/i.test(msg.text())) cspErrors.push(msg.text()); });
  return page;
}

// axe is evaluated through the DevTools protocol, so the page's strict CSP stays on while it runs.
async function checkA11y(page, name) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
    return { passes: r.passes.length,
             violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help })) };
  }, WCAG);
  assert.ok(result.passes > 5, `axe ran on ${name}`);
  if (result.violations.length) console.log(name, JSON.stringify(result.violations));
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  violations.push(...serious.map((v) => ({ page: name, ...v })));
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
  return serious;
}

async function login(page, username) {
  await page.goto(`${BASE}/login`);
  await page.fill("#username", username);
  await page.fill("#password", `demo-${username}`);
  await Promise.all([page.waitForNavigation(), page.click("form.stack button[type=submit]")]);
}

let caseUrl;
let reference;

test("coordinator: referral and intake, then links a panel member and the lawyer", async () => {
  const page = await newPage();
  await page.goto(`${BASE}/login`);
  await checkA11y(page, "01-login");
  await login(page, "coordinator");
  await page.goto(`${BASE}/coordinator/cases`);
  await checkA11y(page, "02-coordinator-cases");
  await page.selectOption("#process_id", "default:reference_case");
  await Promise.all([page.waitForNavigation(), page.click("text=Zaak starten")]);
  caseUrl = page.url();
  reference = (await page.textContent("h1")).replace("Dossier", "").trim();
  assert.match(reference, /^ERK-\d{4}-\d{6}$/);
  await Promise.all([page.waitForNavigation(), page.click("a.button >> text=Intake")]);
  await checkA11y(page, "03-intake-form");
  await page.fill("#f-person_alias", "Ewa K.");
  await page.check("input[name=needs_review][value=false]");
  await Promise.all([page.waitForNavigation(), page.click("text=Afronden")]);
  assert.match(await page.textContent("[role=status]"), /afgerond/);
  for (const [user, kind] of [["panel1", "panel"], ["lawyer", "lawyer"]]) {
    await page.fill("#party-username", user);
    await page.selectOption("#party-kind", kind);
    await Promise.all([page.waitForNavigation(), page.click("text=Koppelen")]);
  }
  const parties = await page.textContent("#h-parties + ul");
  assert.match(parties, /panellid: panel1/);
  assert.match(parties, /advocaat: lawyer/);
  await checkA11y(page, "04-case-after-intake");
  await page.context().close();
});

test("panel member: worklist, field errors, then the decision", async () => {
  const page = await newPage();
  await login(page, "panel1");
  await page.goto(`${BASE}/worklist`);
  await checkA11y(page, "05-panel-worklist");
  await Promise.all([page.waitForNavigation(), page.click(`tr:has-text("${reference}") >> text=Beslissen`)]);
  await page.fill("#f-reasons", "kort");
  await Promise.all([page.waitForNavigation(), page.click("text=Afronden")]);
  assert.match(await page.textContent("#outcome-error"), /verplicht/);
  assert.match(await page.textContent("#reasons-error"), /tussen 10 en 5000/);
  await checkA11y(page, "06-decision-form-errors");
  await page.check("input[name=outcome][value=positive]");
  await page.fill("#f-reasons", "Meerdere sterke indicatoren van arbeidsuitbuiting, consistent verklaard.");
  await Promise.all([page.waitForNavigation(), page.click("text=Afronden")]);
  assert.match(await page.textContent("#h-decisions + ul"), /Positief/);
  assert.ok(await page.$("figure.diagram svg"), "the case file draws the process diagram");
  const shown = await page.evaluate(() => document.querySelector("main").innerText);
  for (const python of ["datetime.date(", "[{'", "{'", "True", "False", "None", "task_completed", "case_started"]) {
    assert.ok(!shown.includes(python), `the case file shows ${python}`);
  }
  await checkA11y(page, "07-case-after-decision");
  await page.context().close();
});

test("lawyer: overview of her clients with the decision and the next deadline", async () => {
  const page = await newPage();
  await login(page, "lawyer");
  assert.ok(page.url().endsWith("/lawyer/"), `lawyer lands on her overview, not ${page.url()}`);
  const row = await page.textContent(`tr:has-text("${reference}")`);
  assert.match(row, /Beslissing \(referentiemodel\): Positief/);
  await checkA11y(page, "08-lawyer-overview");
  await Promise.all([page.waitForNavigation(), page.click(`text=${reference}`)]);
  const body = await page.textContent("main");
  assert.ok(!body.includes("Ewa K."), "the lawyer does not see the panel's case data");
  assert.match(body, /Termijnen|Beslissingen/);
  await checkA11y(page, "09-lawyer-case");
  await page.context().close();
});

test("coordinator: one person's procedures running side by side in the case file", async () => {
  const page = await newPage();
  await login(page, "coordinator");
  await page.goto(`${BASE}/cases/4`);  // the demo case under the current procedure
  const running = await page.$$("section.procedure-running h3");
  assert.ok(running.length >= 3, `at least two procedures run at once, got ${running.length}`);
  const titles = (await Promise.all(running.map((h) => h.textContent()))).join(" | ");
  assert.match(titles, /Bedenktijd en verblijf/);
  assert.match(titles, /Kinderroute/);
  assert.match(await page.textContent("#h-procedures + p"), /Lopende procedures: [3-9]/);
  assert.ok((await page.$$("section.procedure figure.diagram svg")).length >= 3, "each procedure draws its diagram");
  await checkA11y(page, "10-case-procedures-side-by-side");
  await page.context().close();
});

test("no serious or critical WCAG 2.1 AA violation, no CSP violation", () => {
  assert.deepEqual(violations, []);
  assert.deepEqual(cspErrors, []);
});
