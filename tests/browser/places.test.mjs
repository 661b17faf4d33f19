// End-to-end checks of the mediation places pages in headless Chromium against `passeur demo`
// (demo places of Ille-et-Vilaine): search with list and map, a place and its printable sheet,
// an organisation admin creating a place through the form, and the coordinator's territory page.
// Every page must pass axe (WCAG 2.1 A/AA).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { USERS, axeViolations, login, useDemo } from './harness.mjs';

const demo = useDemo();

// Distances of the result list, in page order ("1,2 km" -> 1.2).
async function distances(page) {
  const texts = await page.locator('#liste-lieux li strong').allInnerTexts();
  return texts.map((t) => Number(t.replace(' km', '').replace(',', '.')));
}

describe('anonymous visitor', () => {
  test('searches "Rennes", sees the list and the map, opens a place and its sheet', async () => {
    const { context, page } = await demo.newPage();
    await page.goto(`${demo.server.baseUrl}/lieux`);
    assert.deepEqual(await axeViolations(page), []);
    await page.fill('#q', 'Rennes');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/lieux"] button[type="submit"]')]);
    const url = new URL(page.url());
    assert.equal(url.pathname, '/lieux');
    assert.equal(url.searchParams.get('q'), 'Rennes');
    const km = await distances(page);
    assert.ok(km.length >= 5, `only ${km.length} places`);
    assert.deepEqual(
      km,
      [...km].sort((a, b) => a - b),
    );
    const map = page.locator('figure.passeur-map svg[role="img"]');
    assert.equal(await map.count(), 1);
    assert.ok((await map.boundingBox()).width > 200);
    assert.ok((await page.locator('main').innerText()).includes('GeoNames'));
    assert.deepEqual(await axeViolations(page), []);
    if (process.env.PASSEUR_PLACES_SHOTS) {
      await page.screenshot({ path: `${process.env.PASSEUR_PLACES_SHOTS}/search.png`, fullPage: true });
    }

    // A postcode gives the same kind of answer; an unknown commune a clear message.
    await page.goto(`${demo.server.baseUrl}/lieux?q=35000`);
    assert.ok((await distances(page)).length >= 5);
    await page.goto(`${demo.server.baseUrl}/lieux?q=Nullepartville`);
    assert.match(await page.locator('[role="alert"]').innerText(), /Nous ne trouvons pas/);
    assert.deepEqual(await axeViolations(page), []);

    await page.goto(`${demo.server.baseUrl}/lieux?q=Rennes`);
    const first = page.locator('#liste-lieux li h3 a').first();
    const name = await first.innerText();
    await Promise.all([page.waitForNavigation(), first.click()]);
    assert.equal(await page.locator('h1').innerText(), name);
    assert.ok(await page.isVisible('text=Services proposés'));
    assert.deepEqual(await axeViolations(page), []);

    await Promise.all([page.waitForNavigation(), page.click('a[href$="/fiche"]')]);
    assert.match(new URL(page.url()).pathname, /^\/lieux\/.+\/fiche$/);
    assert.equal(await page.locator('svg.passeur-qr').count(), 1);
    assert.deepEqual(await axeViolations(page), []);
    // Printed: only the sheet (no header, no navigation).
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.isVisible('header.fr-header'), false);
    assert.equal(await page.isVisible('.passeur-sheet'), true);
    // One A4 page.
    const pdf = (await page.pdf({ format: 'A4', preferCSSPageSize: true })).toString('latin1');
    assert.equal((pdf.match(/\/Type\s*\/Page[^s]/g) || []).length, 1);
    if (process.env.PASSEUR_PLACES_SHOTS) {
      await page.screenshot({ path: `${process.env.PASSEUR_PLACES_SHOTS}/sheet.png`, fullPage: true });
    }
    await context.close();
  });
});

describe('without JavaScript', () => {
  // axe needs JavaScript: this test only checks that the GET form and the filters work without it.
  test('the search form and its filters work', async () => {
    const { context, page } = await demo.newPage({ javaScriptEnabled: false });
    await page.goto(`${demo.server.baseUrl}/lieux`);
    await page.fill('#q', '35000');
    await page.click('summary');
    await page.click('label[for="f-frais-0"]');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/lieux"] button[type="submit"]')]);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('q'), '35000');
    assert.equal(url.searchParams.get('frais'), 'Gratuit');
    assert.ok((await distances(page)).length >= 1);
    assert.ok(await page.isChecked('#f-frais-0'));
    await context.close();
  });
});

describe('organisation admin', () => {
  test('creates a place through the form (error first, then saved as a draft)', async () => {
    const { context, page } = await demo.newPage();
    await login(page, demo.server.baseUrl, USERS.admin);
    await page.goto(`${demo.server.baseUrl}/organisations`);
    await Promise.all([page.waitForNavigation(), page.click('main a[href^="/organisations/"]')]);
    const orgPath = new URL(page.url()).pathname;
    await page.goto(`${demo.server.baseUrl}${orgPath}/lieux`);
    assert.ok((await page.locator('table tbody tr').count()) >= 4);
    assert.deepEqual(await axeViolations(page), []);

    await Promise.all([page.waitForNavigation(), page.click(`a[href="${orgPath}/lieux/nouveau"]`)]);
    assert.deepEqual(await axeViolations(page), []);
    await page.fill('#nom', 'Point numérique du navigateur');
    await page.fill('#pivot', '95000000007919');
    await page.fill('#adresse', '5 rue du Test');
    await page.fill('#code_postal', '35000');
    await page.fill('#commune', 'Rennes');
    await page.fill('#horaires', 'Mo-Fr 09:00-12:00');
    // No service ticked: the summary names the field and links to it.
    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
    const summary = page.locator('#resume-erreurs');
    assert.ok(await summary.isVisible());
    assert.equal(await page.locator('#resume-erreurs a[href="#services"]').count(), 1);
    assert.equal(await page.inputValue('#nom'), 'Point numérique du navigateur');
    assert.deepEqual(await axeViolations(page), []);

    await page.click('label[for="services-0"]');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
    assert.equal(new URL(page.url()).pathname, `${orgPath}/lieux`);
    const row = page.locator('tr', { hasText: 'Point numérique du navigateur' });
    assert.equal(await row.count(), 1);
    assert.match(await row.innerText(), /brouillon/i);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});

describe('coordinator', () => {
  test('opens the territory page of Ille-et-Vilaine', async () => {
    const { context, page } = await demo.newPage();
    await login(page, demo.server.baseUrl, USERS.coordinator);
    await page.goto(`${demo.server.baseUrl}/territoires`);
    assert.deepEqual(await axeViolations(page), []);
    await Promise.all([page.waitForNavigation(), page.click('a[href="/territoires/35"]')]);
    assert.match(await page.locator('h1').innerText(), /Ille-et-Vilaine \(35\)/);
    assert.ok(await page.isVisible('#zones-blanches'));
    assert.equal(await page.locator('figure.passeur-map svg[role="img"]').count(), 1);
    assert.ok(await page.isVisible('a[href="/territoires/35/lieux.csv"]'));
    assert.deepEqual(await axeViolations(page), []);
    if (process.env.PASSEUR_PLACES_SHOTS) {
      await page.screenshot({ path: `${process.env.PASSEUR_PLACES_SHOTS}/territory.png`, fullPage: true });
    }
    const csv = await page.request.get(`${demo.server.baseUrl}/territoires/35/zones-blanches.csv?km=10`);
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), /^code_insee,commune,population,distance_km,zone_blanche\r\n/);
    await context.close();
  });
});
