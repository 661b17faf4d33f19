// End-to-end checks of the account pages in headless Chromium against `passeur demo`.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { USERS, axeViolations, login, useDemo } from './harness.mjs';

const demo = useDemo();

test('the axe check detects violations (guards against a silent harness)', async () => {
  const { context, page } = await demo.newPage();
  await page.setContent('<html><body><img src="x.png"><input type="text"></body></html>');
  assert.ok((await axeViolations(page)).length >= 2);
  await context.close();
});

describe('anonymous visitor', () => {
  test('home page is French, accessible, and offers to log in', async () => {
    const { context, page } = await demo.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${demo.server.baseUrl}/`);
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.match(await page.title(), /passeur/);
    assert.ok(await page.isVisible('a[href="/connexion"]'));
    assert.deepEqual(await axeViolations(page), []);
    if (process.env.PASSEUR_SCREENSHOT) {
      await page.screenshot({ path: process.env.PASSEUR_SCREENSHOT });
    }
    await context.close();
  });

  test('login page is accessible and a wrong password shows a linked error', async () => {
    const { context, page } = await demo.newPage();
    await page.goto(`${demo.server.baseUrl}/connexion`);
    assert.deepEqual(await axeViolations(page), []);
    await page.fill('#email', USERS.admin);
    await page.fill('#password', 'not-the-password');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/connexion"] button[type="submit"]')]);
    const alert = page.locator('#resume-erreurs');
    assert.ok(await alert.isVisible());
    assert.match(await alert.innerText(), /incorrect/);
    assert.equal(await page.getAttribute('#password', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#password', 'aria-describedby'), /password-error/);
    assert.equal(await page.locator('#resume-erreurs a').getAttribute('href'), '#password');
    assert.equal(await page.inputValue('#email'), USERS.admin);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });

  test('forms work without JavaScript', async () => {
    const { context, page } = await demo.newPage({ javaScriptEnabled: false });
    await login(page, demo.server.baseUrl, USERS.learner1);
    assert.ok(await page.isVisible('form[action="/deconnexion"]'));
    await Promise.all([page.waitForNavigation(), page.click('form[action="/langue"] button')]);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await context.close();
  });
});

describe('platform and organisation admin', () => {
  test('logs in, sees an accessible home and account page', async () => {
    const { context, page } = await demo.newPage();
    await login(page, demo.server.baseUrl, USERS.admin);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.ok(await page.isVisible('form[action="/deconnexion"]'));
    // The links to what exists now show their words, not just an icon.
    const accountLink = await page.locator('main a[href="/compte"]').boundingBox();
    assert.ok(accountLink.width > 150, `account link is ${accountLink.width}px wide`);
    assert.deepEqual(await axeViolations(page), []);
    await page.goto(`${demo.server.baseUrl}/compte`);
    assert.equal(await page.title(), 'Mon compte — passeur');
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });

  test('language switch to English changes the interface', async () => {
    const { context, page } = await demo.newPage();
    await login(page, demo.server.baseUrl, USERS.admin);
    await page.goto(`${demo.server.baseUrl}/compte`);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/langue"] button')]);
    assert.equal(new URL(page.url()).pathname, '/compte');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.title(), 'My account — passeur');
    assert.ok(await page.isVisible('text=Change my password'));
    assert.deepEqual(await axeViolations(page), []);
    // And back to French, so the stored preference does not leak into later tests.
    await Promise.all([page.waitForNavigation(), page.click('form[action="/langue"] button')]);
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    await context.close();
  });

  test('export downloads the account data as JSON', async () => {
    const { context, page } = await demo.newPage({ acceptDownloads: true });
    await login(page, demo.server.baseUrl, USERS.admin);
    await page.goto(`${demo.server.baseUrl}/compte`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/compte/export"]')]);
    assert.match(download.suggestedFilename(), /\.json$/);
    const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.ok(JSON.stringify(data).includes(USERS.admin));
    assert.ok(!JSON.stringify(data).includes('argon2'));
    await context.close();
  });

  test('organisation page lists the 5 demo members and makes invitation links', async () => {
    const { context, page } = await demo.newPage();
    await login(page, demo.server.baseUrl, USERS.admin);
    await page.goto(`${demo.server.baseUrl}/organisations`);
    assert.deepEqual(await axeViolations(page), []);
    await Promise.all([page.waitForNavigation(), page.click('a:has-text("Médiathèque Simone-Veil (démo)")')]);
    assert.match(await page.title(), /Médiathèque Simone-Veil/);
    const table = await page.locator('#membres tbody').innerText();
    for (const email of Object.values(USERS)) assert.ok(table.includes(email), `${email} missing`);
    assert.equal(await page.locator('#membres tbody tr').count(), 5);
    assert.deepEqual(await axeViolations(page), []);

    await page.fill('#email', 'nouvelle.personne@example.org');
    await page.selectOption('#role', 'learner');
    await Promise.all([
      page.waitForNavigation(),
      page.click('form[action$="/invitations"] button[type="submit"]'),
    ]);
    const link = await page.inputValue('#invitation_link');
    assert.match(link, /\/invitations\/[A-Za-z0-9_-]{20,}$/);
    assert.ok((await page.locator('main').innerText()).includes('nouvelle.personne@example.org'));
    assert.deepEqual(await axeViolations(page), []);

    // The invited person opens the link (anonymous) and creates an account on the spot.
    const invited = await demo.newPage();
    const path = new URL(link).pathname;
    await invited.page.goto(`${demo.server.baseUrl}${path}`);
    assert.deepEqual(await axeViolations(invited.page), []);
    await invited.page.fill('#display_name', 'Nouvelle Personne');
    await invited.page.fill('#password', 'une phrase de passe assez longue');
    await invited.page.fill('#confirm_password', 'une phrase de passe assez longue');
    await Promise.all([invited.page.waitForNavigation(), invited.page.click('main form button[type="submit"]')]);
    assert.match(new URL(invited.page.url()).pathname, /^\/organisations\//);
    assert.ok(await invited.page.isVisible('form[action="/deconnexion"]'));
    await invited.context.close();
    await context.close();
  });
});

describe('mediator', () => {
  test('sees members read-only, without the admin forms', async () => {
    const { context, page } = await demo.newPage();
    await login(page, demo.server.baseUrl, USERS.mediator);
    await page.goto(`${demo.server.baseUrl}/organisations`);
    await Promise.all([page.waitForNavigation(), page.click('a:has-text("Médiathèque Simone-Veil (démo)")')]);
    assert.ok(await page.isVisible('#membres'));
    assert.equal(await page.locator('form[action*="/membres/"]').count(), 0);
    assert.equal(await page.locator('form[action$="/invitations"]').count(), 0);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});
