// End-to-end checks of the framework pages (anonymous browsing) and of the item bank pages
// (platform admin: list, filter, detail, learner preview, scoring) in headless Chromium against
// `passeur demo`, with axe-core (WCAG 2.1 A/AA) on every page.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { USERS, axeViolations, login, useDemo } from './harness.mjs';

const demo = useDemo();

async function clickAndWait(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

describe('anonymous visitor', () => {
  test('browses frameworks, a competence and target profiles', async () => {
    const { context, page } = await demo.newPage();
    await page.goto(`${demo.server.baseUrl}/referentiels`);
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.deepEqual(await axeViolations(page), []);

    await clickAndWait(page, 'main a[href="/referentiels/competences-numeriques"]');
    assert.match(await page.locator('h1').innerText(), /Compétences numériques/);
    assert.deepEqual(await axeViolations(page), []);

    await clickAndWait(page, 'main a[href="/referentiels/competences-numeriques/competences/1.1"]');
    assert.match(await page.locator('h1').innerText(), /^1\.1 /);
    assert.equal(await page.locator('#niveaux-titre + p + ol > li').count(), 8);
    assert.equal(await page.locator('a[href$="/modifier"]').count(), 0);
    assert.deepEqual(await axeViolations(page), []);

    await page.goto(`${demo.server.baseUrl}/profils-cibles`);
    assert.deepEqual(await axeViolations(page), []);
    await clickAndWait(page, 'main a[href="/profils-cibles/mediateur-numerique"]');
    assert.match(await page.locator('h1').innerText(), /Médiateur ou médiatrice numérique/);
    assert.ok((await page.locator('main a[href^="/referentiels/"]').count()) > 0);
    assert.deepEqual(await axeViolations(page), []);

    // The item bank is not for visitors: they are sent to the login page.
    await page.goto(`${demo.server.baseUrl}/admin/questions`);
    assert.equal(new URL(page.url()).pathname, '/connexion');
    await context.close();
  });
});

describe('item bank', () => {
  test('a learner is refused', async () => {
    const { context, page } = await demo.newPage();
    await login(page, demo.server.baseUrl, USERS.learner1);
    const response = await page.goto(`${demo.server.baseUrl}/admin/questions/cn-1.1-001`);
    assert.equal(response.status(), 403);
    assert.ok(!(await page.content()).includes('horaires mairie Montreuil'));
    await context.close();
  });

  test('a platform admin filters, opens, previews and answers an item', async () => {
    const { context, page } = await demo.newPage();
    await login(page, demo.server.baseUrl, USERS.admin);
    await page.goto(`${demo.server.baseUrl}/admin/questions`);
    assert.equal(await page.title(), 'Banque de questions — passeur');
    assert.deepEqual(await axeViolations(page), []);

    await page.selectOption('#filtre-framework', 'competences-numeriques');
    await page.selectOption('#filtre-competence', '1.1');
    await page.selectOption('#filtre-type', 'single_choice');
    await clickAndWait(page, 'form[action="/admin/questions"] button[type="submit"]');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('competence'), '1.1');
    assert.match(await page.locator('#compte-questions').innerText(), /question/);
    const rows = page.locator('main table tbody tr');
    assert.ok((await rows.count()) > 0);
    for (const text of await page.locator('main table tbody tr td:nth-child(4)').allInnerTexts()) {
      assert.equal(text, 'Choix unique');
    }
    assert.deepEqual(await axeViolations(page), []);

    await clickAndWait(page, 'main a[href="/admin/questions/cn-1.1-001"]');
    assert.match(await page.locator('h1').innerText(), /cn-1\.1-001/);
    assert.ok(await page.isVisible('text=bonne réponse'));
    assert.deepEqual(await axeViolations(page), []);

    await clickAndWait(page, 'main a[href="/admin/questions/cn-1.1-001/apercu"]');
    assert.ok(!(await page.content()).includes('bonne réponse'));
    assert.equal(await page.locator('main input[type="radio"][name="answer"]').count(), 4);
    assert.deepEqual(await axeViolations(page), []);

    // DSFR draws its own radio: people click the label.
    await page.click('main label[for="q-cn-1-1-001-c"]');
    assert.ok(await page.isChecked('main input[type="radio"][value="c"]'));
    await clickAndWait(page, 'main form[action$="/apercu"] button[type="submit"]');
    assert.match(await page.locator('#verdict').innerText(), /Bonne réponse/);
    assert.deepEqual(await axeViolations(page), []);

    await page.click('main label[for="q-cn-1-1-001-a"]');
    await clickAndWait(page, 'main form[action$="/apercu"] button[type="submit"]');
    assert.match(await page.locator('#verdict').innerText(), /Réponse incorrecte/);
    await context.close();
  });

  test('the authoring form is accessible and names a wrong field', async () => {
    const { context, page } = await demo.newPage();
    await login(page, demo.server.baseUrl, USERS.admin);
    await page.goto(`${demo.server.baseUrl}/admin/questions/nouvelle`);
    assert.deepEqual(await axeViolations(page), []);
    await page.fill('#id', 'test-navigateur-001');
    await page.selectOption('#competence', 'competences-numeriques/1.1');
    await page.fill('#options', 'a | Oui\nb | Non');
    await page.fill('#answer_ids', 'b');
    await page.fill('#feedback', 'Parce que.');
    await clickAndWait(page, 'main form[action="/admin/questions/nouvelle"] button[type="submit"]');
    assert.equal(await page.locator('#resume-erreurs a').first().getAttribute('href'), '#stem');
    assert.equal(await page.getAttribute('#stem', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#options'), 'a | Oui\nb | Non');
    assert.deepEqual(await axeViolations(page), []);
    await page.fill('#stem', 'Faut-il un mot de passe ?');
    await clickAndWait(page, 'main form[action="/admin/questions/nouvelle"] button[type="submit"]');
    assert.equal(new URL(page.url()).pathname, '/admin/questions/test-navigateur-001');
    await context.close();
  });
});
