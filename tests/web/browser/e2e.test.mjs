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

async function newPage(locale = "nl-NL") {
  const context = await browser.newContext({ locale, timezoneId: "Europe/Amsterdam" });
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
  assert.match(await page.textContent("#h-next + ul"), /nog niemand gekoppeld/, "the case says the panel is to be linked");
  for (const [user, kind] of [["panel1", "panel"], ["lawyer", "lawyer"]]) {
    await page.selectOption(`#party-${kind}`, user);  // picked from those eligible, never typed
    await Promise.all([page.waitForNavigation(), page.click(`form:has(#party-${kind}) button[type=submit]`)]);
  }
  assert.equal(await page.$("#party-guardian"), null, "no guardian on an adult's case");
  const parties = await page.textContent("#h-parties + ul");
  assert.match(parties, /panellid: Pim Panellid/);
  assert.match(parties, /advocaat: Lotte Advocaat/);
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
  assert.ok(body.includes("Ewa K."), "the lawyer knows her client by name");
  assert.ok(!body.includes("consistent verklaard"), "the lawyer does not see the panel's reasons");
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

// ---- The walk of issue 11: one case (the demo's ERK-2026-000003, a third-country national waiting for
// the panel's first decision) as coordinator, panel, lawyer and IND, in Dutch and in English. Every page
// is checked for codes, Python values and, in Dutch, for English words (the words only the English side
// of the vocabulary and translations uses), for axe-core violations, and screenshotted.
const VOCABULARY = JSON.parse(readFileSync(process.env.VOCABULARY, "utf8"));
const ENGLISH_ONLY = new Set(VOCABULARY.english_only);
const WALKED = "ERK-2026-000003";
const WALKED_URL = () => `${BASE}/cases/3`;

async function visibleText(page) {
  return page.evaluate(() => {
    const parts = [];
    for (const el of document.querySelectorAll("header, main")) { parts.push(el.innerText); }
    for (const t of document.querySelectorAll("main svg text, main svg title")) { parts.push(t.textContent); }
    // text marked as another language (the button that switches to English says "English") is not the page's
    let text = parts.join("\n");
    const own = document.documentElement.lang;
    for (const el of document.querySelectorAll("header [lang], main [lang]")) {
      if (el.getAttribute("lang") !== own && el.innerText) { text = text.split(el.innerText).join(" "); }
    }
    return text;
  });
}

async function checkWords(page, name, lang) {
  const text = await visibleText(page);
  const codes = text.match(/\b[a-z]+_[a-z0-9_]+\b/g) || [];
  assert.deepEqual(codes, [], `${name}: codes on the page`);
  // "None" is also an English word of the vocabulary (an assessment of none); Dutch has no such word
  const pythonValues = lang === "nl" ? ["None", "True", "False", "datetime.", "{'", "['"] : ["datetime.", "{'", "['"];
  for (const python of pythonValues) {
    assert.ok(!new RegExp(`(^|[^\\p{L}])${python.replace(/[.[{]/g, "\\$&")}`, "u").test(text), `${name}: ${python} on the page`);
  }
  if (lang === "nl") {
    const words = (text.toLowerCase().match(/\p{L}{4,}/gu) || []).filter((w) => ENGLISH_ONLY.has(w));
    assert.deepEqual([...new Set(words)], [], `${name}: English words on a Dutch page`);
  }
}

// Per row of a list, in page order: the row numbers its field names, ids and label targets carry, and
// its legend; `expectedNumbering` is what a list without gaps looks like.
async function rowNumbering(page, list) {
  return page.evaluate((list) => {
    const number = (value) => { const m = new RegExp(`${list.replace(".", "\\.")}\\.(\\d+)\\.`).exec(value || ""); return m ? Number(m[1]) : null; };
    return [...document.querySelectorAll(`fieldset[data-list="${list}"] > fieldset.row-item`)].map((item) => {
      const numbers = new Set();
      for (const el of item.querySelectorAll("[name]")) numbers.add(number(el.name));
      for (const el of item.querySelectorAll("[id]")) if (number(el.id) !== null) numbers.add(number(el.id));
      const labels = [...item.querySelectorAll("label[for]")];
      for (const label of labels) numbers.add(number(label.htmlFor));
      const dangling = labels.filter((label) => !document.getElementById(label.htmlFor)).length;
      return { numbers: [...numbers], legend: item.querySelector(":scope > legend").textContent.trim(), dangling };
    });
  }, list);
}

function expectedNumbering(label, count) {
  return [...Array(count).keys()].map((i) => ({ numbers: [i], legend: `${label} ${i + 1}`, dangling: 0 }));
}

async function visit(page, url, name, lang) {
  await page.goto(url);
  await checkWords(page, name, lang);
  const serious = await checkA11y(page, name);
  return serious;
}

test("walk: the coordinator sees whose turn it is, in Dutch and in English", async () => {
  for (const [lang, locale] of [["nl", "nl-NL"], ["en", "en-GB"]]) {
    const page = await newPage(locale);
    await login(page, "coordinator");
    await visit(page, `${BASE}/coordinator/cases`, `21-${lang}-coordinator-cases`, lang);
    await visit(page, WALKED_URL(), `22-${lang}-coordinator-case`, lang);
    const next = await page.textContent("#h-next + ul");
    assert.match(next, lang === "nl" ? /Panel: Eerste beslissing/ : /Panel: First decision/);
    await visit(page, `${BASE}/worklist`, `23-${lang}-coordinator-worklist`, lang);
    await visit(page, `${BASE}/cases/3/diagrams/identification`, `24-${lang}-coordinator-diagram`, lang);
    await page.context().close();
  }
});

test("walk: the panel decides the first stage in English, adding an indicator row in the page", async () => {
  const page = await newPage("en-GB");
  await login(page, "panel1");
  await visit(page, `${BASE}/worklist`, "25-en-panel-worklist", "en");
  await Promise.all([page.waitForNavigation(), page.click(`tr:has-text("${WALKED}") >> text=First decision`)]);
  const rows = () => page.$$("fieldset[data-list=indicators] > fieldset.row-item");
  const before = (await rows()).length;
  await page.click("fieldset[data-list=indicators] button.row-add");
  assert.equal((await rows()).length, before + 1, "a row is added without a round trip");
  await page.click("fieldset[data-list=indicators] > fieldset.row-item:last-of-type button.row-remove");
  assert.equal((await rows()).length, before, "and removed again");
  // Two rows added, the first of them removed: the rows after it are numbered again, so the form sent
  // has no gap and the row filled in last is read by the server.
  await page.click("fieldset[data-list=indicators] button.row-add");
  await page.click("fieldset[data-list=indicators] button.row-add");
  await page.selectOption(`select[name="indicators.${before}.code"]`, "debt_bondage");
  await page.click(`fieldset[data-list=indicators] > fieldset.row-item:nth-of-type(${before + 1}) button.row-remove`);
  assert.equal((await rows()).length, before + 1);
  const label = await page.getAttribute("fieldset[data-list=indicators]", "data-label");
  assert.deepEqual(await rowNumbering(page, "indicators"), expectedNumbering(label, before + 1),
    "rows numbered 0..n-1 in names, ids, labels and legends after a removal");
  const last = `indicators.${before}`;
  assert.equal(await page.inputValue(`select[name="${last}.code"]`), "", "the removed row's choice went with it");
  await page.check(`input[name="${last}.list_name"][value=ilo_forced_labour]`);
  await page.selectOption(`select[name="${last}.code"]`, "debt_bondage");
  await page.check(`input[name="${last}.status"][value=reported_by_person]`);
  await page.selectOption(`select[name="${last}.source"]`, "self");
  await page.check(`input[name="${last}.weight"][value=medium]`);
  await page.check('input[name="indicators.0.list_name"][value=ilo_forced_labour]');
  await page.selectOption('select[name="indicators.0.code"]', "withholding_wages");
  await page.check('input[name="indicators.0.status"][value=reported_by_person]');
  await page.selectOption('select[name="indicators.0.source"]', "self");
  await page.check('input[name="indicators.0.weight"][value=strong]');
  await page.check("input[name=threshold][value=suspect_cannot_prove]");
  await page.check("input[name=outcome][value=positive]");
  await page.fill("#f-reasons", "Loon ingehouden en paspoort afgenomen; redelijke gronden aanwezig.");
  await checkA11y(page, "26-en-panel-first-stage-form");
  const sent = await page.evaluate(() => [...new FormData(document.querySelector("form.stack.keep")).keys()]);
  const numbers = [...new Set(sent.map((k) => /^indicators\.(\d+)\./.exec(k)?.[1]).filter(Boolean).map(Number))];
  assert.deepEqual(numbers, [...Array(before + 1).keys()], "the form sends rows 0..n-1");
  await Promise.all([page.waitForNavigation(), page.click("form.stack.keep .row > button[type=submit]:not(.secondary)")]);
  assert.match(await page.textContent("#h-decisions + ul"), /Positive/);
  const indicators = await page.textContent("main");
  assert.match(indicators, /Withholding of wages/);
  assert.match(indicators, /Debt bondage/, "the row filled in after the removal reached the case");
  await checkWords(page, "27-en-panel-case-after-decision", "en");
  await checkA11y(page, "27-en-panel-case-after-decision");
  await page.context().close();
  const dutch = await newPage();
  await login(dutch, "panel1");
  await visit(dutch, WALKED_URL(), "28-nl-panel-case-after-decision", "nl");
  await visit(dutch, `${BASE}/worklist`, "29-nl-panel-worklist", "nl");
  await dutch.context().close();
});

test("walk: the lawyer's overview shows the objection term as the next deadline, in Dutch and in English", async () => {
  for (const [lang, locale, term] of [["nl", "nl-NL", /^Bezwaartermijn: /], ["en", "en-GB", /^Objection term: /]]) {
    const page = await newPage(locale);
    await login(page, "lawyer");
    await visit(page, `${BASE}/lawyer/`, lang === "nl" ? "31-nl-lawyer-overview" : "31-en-lawyer-overview", lang);
    const first = await page.textContent(`tr:has-text("${WALKED}") td:nth-child(5) > strong`);
    assert.match(first.trim(), term, `the next deadline is an objection term, not ${first}`);
    const cell = await page.textContent(`tr:has-text("${WALKED}") td:nth-child(5)`);
    assert.match(cell, lang === "nl" ? /Bezwaartermijn: Besluit eerste fase identificatie: aanwijzingen aanwezig: .* nog \d+ dagen/
      : /Objection term: First-stage identification decision: grounds present: .* \d+ days left/, "the decision's own term runs");
    assert.match(await page.textContent(`tr:has-text("${WALKED}")`), /Demo C\./, "her client by name");
    await visit(page, WALKED_URL(), `32-${lang}-lawyer-case`, lang);
    const letters = await page.textContent("#h-letters + ul");
    assert.match(letters, lang === "nl" ? /Besluit eerste fase identificatie/ : /First-stage identification decision/);
    await page.context().close();
  }
});

test("walk: the IND inbox row links the letter, in Dutch and in English", async () => {
  for (const [lang, locale] of [["nl", "nl-NL"], ["en", "en-GB"]]) {
    const page = await newPage(locale);
    await login(page, "ind");
    await visit(page, `${BASE}/ind/`, `41-${lang}-ind-inbox`, lang);
    const link = await page.$(`tr:has-text("${WALKED}") a.letter`);
    assert.ok(link, "the inbox row links the letter");
    const pdf = await page.request.get(new URL(await link.getAttribute("href"), BASE).href);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()["content-type"], "application/pdf");
    assert.match(await page.textContent(`tr:has-text("${WALKED}")`), lang === "nl" ? /Derdelander zonder rechtmatig verblijf/ : /no lawful residence/);
    await visit(page, WALKED_URL(), `42-${lang}-ind-case`, lang);
    await page.context().close();
  }
});

test("a form keeps what was typed when the session expired, for the same user only", async () => {
  const page = await newPage();
  await login(page, "panel1");
  await page.goto(`${BASE}/cases/1`);
  const form = await page.getAttribute("a.button >> text=Beslissen", "href");
  await page.goto(`${BASE}${form}`);
  await page.fill("#f-reasons", "Wat ik typte voordat de sessie verliep.");
  await page.context().clearCookies();  // the session expires
  await Promise.all([page.waitForNavigation(), page.click("text=Afronden")]);
  await login(page, "panel1");
  await page.goto(`${BASE}${form}`);
  assert.equal(await page.inputValue("#f-reasons"), "Wat ik typte voordat de sessie verliep.");
  assert.ok(await page.isVisible("#kept-notice"));
  await checkA11y(page, "51-nl-panel-form-kept");
  await page.fill("#f-reasons", "Nog eens getypt.");
  await page.context().clearCookies();
  await Promise.all([page.waitForNavigation(), page.click("text=Afronden")]);
  await login(page, "panel1");
  await Promise.all([page.waitForNavigation(), page.click("form.logout button")]);
  const kept = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("erkend.form:")));
  assert.deepEqual(kept, [], "signing out drops what was kept");
  await page.context().close();
});

// ---- An objection after the case closed: the seeded closed case of the lawyer's client (Demo E., a
// negative final decision whose objection term and late window have passed; tests/web/browser_seed.py).
// In English the lawyer finds the objection and is told what the form misses; in Dutch she lodges it and
// the case runs again.
const CLOSED = JSON.parse(process.env.CLOSED_CASE || "null");

function amsterdamToday() {
  return new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Amsterdam" });  // YYYY-MM-DD
}

async function openObjectionForm(page, lang) {
  const section = await page.textContent("section[aria-labelledby=h-late-objection]");
  assert.match(section, lang === "nl" ? /Bezwaar na sluiting van de zaak/ : /Objection after the case was closed/);
  assert.match(section, lang === "nl" ? /Besluit identificatie: slachtofferschap niet aannemelijk/ : /Identification decision: victim status not plausible/);
  assert.match(section, lang === "nl" ? /1 juni 2026/ : /1 June 2026/, "the objection term it was open to");
  await Promise.all([page.waitForNavigation(), page.click("section[aria-labelledby=h-late-objection] li a")]);
  assert.match(page.url(), new RegExp(`/cases/${CLOSED.id}/objection-after-closure/\\d+$`));
}

async function sendWithoutGrounds(page, name, lang) {
  await page.fill("#f-lodged_on", amsterdamToday());
  await Promise.all([page.waitForNavigation(), page.click("form.stack button[type=submit]")]);
  assert.match(await page.textContent("[role=alert]"), lang === "nl" ? /Niet alle velden zijn juist ingevuld/ : /Not all fields are filled in correctly/);
  assert.match(await page.textContent("#grounds-error"), lang === "nl" ? /verplicht/i : /required/i);
  assert.equal(await page.inputValue("#f-lodged_on"), amsterdamToday(), "what was filled in stays");
  await checkWords(page, name, lang);
  await checkA11y(page, name);
}

test("objection after closure: in English the lawyer finds it, and an objection without grounds is refused", async () => {
  assert.ok(CLOSED, "the walk has a closed case of the lawyer's client (CLOSED_CASE)");
  const page = await newPage("en-GB");
  await login(page, "lawyer");
  await visit(page, `${BASE}/cases/${CLOSED.id}`, "61-en-lawyer-closed-case", "en");
  await openObjectionForm(page, "en");
  assert.match(await page.textContent("h1"), /Objection after the case was closed/);
  await checkWords(page, "62-en-objection-after-closure-form", "en");
  await checkA11y(page, "62-en-objection-after-closure-form");
  await sendWithoutGrounds(page, "63-en-objection-after-closure-errors", "en");
  await page.goto(`${BASE}/cases/${CLOSED.id}`);
  assert.match(await page.textContent("main"), /Status\s*closed/i, "the refused objection left the case closed");
  await page.context().close();
});

test("objection after closure: in Dutch the lawyer lodges it and the case runs again", async () => {
  const page = await newPage();
  await login(page, "lawyer");
  await visit(page, `${BASE}/lawyer/`, "64-nl-lawyer-overview-closed-case", "nl");
  assert.match(await page.textContent(`tr:has-text("${CLOSED.reference}")`), /Demo E\..*afgesloten/s);
  await Promise.all([page.waitForNavigation(), page.click(`text=${CLOSED.reference}`)]);
  await checkWords(page, "65-nl-lawyer-closed-case", "nl");
  await checkA11y(page, "65-nl-lawyer-closed-case");
  assert.match(await page.textContent("main"), /Status\s*afgesloten/);
  await openObjectionForm(page, "nl");
  const serious = await checkA11y(page, "66-nl-objection-after-closure-form");
  assert.deepEqual(serious, [], "axe finds no serious violation on the form");
  await checkWords(page, "66-nl-objection-after-closure-form", "nl");
  const form = page.url();
  await sendWithoutGrounds(page, "67-nl-objection-after-closure-errors", "nl");
  await page.goto(`${BASE}/cases/${CLOSED.id}`);
  assert.match(await page.textContent("main"), /Status\s*afgesloten/, "nothing changed");
  assert.ok(await page.$("section[aria-labelledby=h-late-objection]"), "the objection is still offered");

  await page.goto(form);
  await page.fill("#f-lodged_on", amsterdamToday());
  await page.fill("#f-grounds", "Dwang onvoldoende gewogen; de cliënte heeft een nieuwe verklaring afgelegd.");
  await Promise.all([page.waitForNavigation(), page.click("form.stack button[type=submit]")]);
  assert.match(page.url(), new RegExp(`/cases/${CLOSED.id}\\?reopened=1$`));
  assert.match(await page.textContent("main [role=status]"), /Bezwaar ontvangen; de zaak is heropend\./);
  assert.match(await page.textContent("main"), /Status\s*loopt/, "the case runs again");
  assert.match(await page.textContent("#h-next + ul"), /Termijnoverschrijding beoordelen/, "its lateness is assessed first");
  assert.equal(await page.$("section[aria-labelledby=h-late-objection]"), null, "a running case takes the objection as a message");
  await checkWords(page, "68-nl-case-reopened", "nl");
  await checkA11y(page, "68-nl-case-reopened");
  await page.goto(`${BASE}/lawyer/`);
  assert.doesNotMatch(await page.textContent(`tr:has-text("${CLOSED.reference}")`), /afgesloten/, "her overview shows it running");
  await page.context().close();
});

test("no serious or critical WCAG 2.1 AA violation, no CSP violation", () => {
  assert.deepEqual(violations, []);
  assert.deepEqual(cspErrors, []);
});
