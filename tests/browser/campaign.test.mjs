// A campaign from end to end in headless Chromium against `passeur demo`: the mediator creates a
// campaign, a learner joins it by its code (consent screen), takes the test answering "Je ne sais
// pas", shares the results, and the mediator sees them on the campaign page (heatmap cells in
// words) and the learner's progress over the demo organisation's campaigns. axe-core (WCAG 2.1
// A/AA) on every page met.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { USERS, axeViolations, login, useDemo } from './harness.mjs';

const demo = useDemo();

async function clickAndWait(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function checkAxe(page, what) {
  assert.deepEqual(await axeViolations(page), [], `${what} (${page.url()})`);
}

describe('campaigns', () => {
  test('create, join by code, take the test, share, see the result', async () => {
    const base = demo.server.baseUrl;

    // ---- the mediator creates the campaign ------------------------------------------------
    const staff = await demo.newPage();
    await login(staff.page, base, USERS.mediator);
    await staff.page.goto(`${base}/organisation/campagnes`);
    assert.equal(await staff.page.locator('h1').innerText(), 'Campagnes de positionnement');
    await checkAxe(staff.page, 'dashboard');
    await clickAndWait(staff.page, 'main a[href^="/organisation/campagnes/nouvelle?org="]');
    assert.equal(await staff.page.locator('h1').innerText(), 'Nouvelle campagne');
    await checkAxe(staff.page, 'creation form');

    // A missing name: the form comes back with the error next to the field.
    await staff.page.selectOption('#target_profile_id', 'socle-emploi');
    await clickAndWait(staff.page, 'main form button[type="submit"]');
    assert.equal(await staff.page.locator('#name-error').count(), 1);
    assert.match(await staff.page.title(), /^Erreur :/);
    await checkAxe(staff.page, 'creation form with errors');

    await staff.page.fill('#name', 'Atelier emploi — navigateur');
    await staff.page.selectOption('#target_profile_id', 'socle-emploi');
    await clickAndWait(staff.page, 'main form button[type="submit"]');
    const campaignPath = new URL(staff.page.url()).pathname;
    assert.match(campaignPath, /^\/organisation\/campagnes\/[0-9a-f-]+$/);
    assert.equal(await staff.page.locator('h1').innerText(), 'Atelier emploi — navigateur');
    const code = (await staff.page.locator('#code-campagne').innerText()).trim();
    assert.match(code, /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    assert.equal(await staff.page.locator('main svg[role="img"]').count(), 1); // the QR code
    assert.match(await staff.page.locator('main').innerText(), /Personne n'a encore partagé/);
    await checkAxe(staff.page, 'campaign page (empty)');

    // ---- the learner joins, takes the test and shares ---------------------------------------
    const learner = await demo.newPage();
    await login(learner.page, base, USERS.learner1);
    await learner.page.goto(`${base}/campagnes/rejoindre?code=${encodeURIComponent(code)}`);
    assert.match(await learner.page.locator('main').innerText(), /Atelier emploi — navigateur/);
    await checkAxe(learner.page, 'consent screen');
    await learner.page.locator('label[for="consent"]').click();
    assert.ok(await learner.page.locator('#consent').isChecked());
    await clickAndWait(learner.page, 'main form:has(input[name="consent"]) button[type="submit"]');
    const participationPath = new URL(learner.page.url()).pathname;
    assert.match(participationPath, /^\/mes-campagnes\/[0-9a-f-]+$/);
    await checkAxe(learner.page, 'participation page');

    await clickAndWait(learner.page, 'main form[action$="/test"] button[type="submit"]');
    for (let n = 0; n < 200; n += 1) {
      if (new URL(learner.page.url()).pathname.endsWith('/resultat')) break;
      if (n === 0) await checkAxe(learner.page, 'first question');
      await clickAndWait(learner.page, 'main button[name="dont_know"]');
    }
    assert.match(new URL(learner.page.url()).pathname, /\/resultat$/);

    await learner.page.goto(`${base}${participationPath}`);
    await checkAxe(learner.page, 'participation page (completed)');
    await clickAndWait(learner.page, 'main form[action$="/partager"] button[type="submit"]');
    await learner.page.goto(`${base}${participationPath}`);
    await checkAxe(learner.page, 'participation page (shared)');

    // ---- the mediator sees the shared result -----------------------------------------------
    await staff.page.goto(`${base}${campaignPath}`);
    const main = await staff.page.locator('main').innerText();
    assert.match(main, /apprenant1@demo\.passeur\.fr/);
    const cells = (await staff.page.locator('main table').first().locator('tbody td').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    assert.ok(cells.length >= 10, `heatmap cells: ${cells.length}`);
    for (const text of cells) assert.match(text, /(Cible atteinte|Sous la cible|Incertain) · niveau \d/);
    await checkAxe(staff.page, 'campaign page (one shared result)');

    // apprenant1 also shared the demo's profile collection: the page links their progress.
    assert.match(main, /Voir sa progression \(2 campagnes\)/);
    await clickAndWait(staff.page, 'main a[href$="/progression"]');
    assert.match(new URL(staff.page.url()).pathname, /^\/organisations\/[^/]+\/personnes\/[^/]+\/progression$/);
    assert.match(await staff.page.locator('h1').innerText(), /^Progression de /);
    const changes = (await staff.page.locator('main table tbody td:last-child').allTextContents()).map((t) => t.trim());
    assert.ok(changes.length >= 1, `progress rows: ${changes.length}`);
    for (const text of changes) assert.match(text, /^(\+\d+ niveaux?|stable|−\d+ niveaux?|une seule mesure)$/);
    await checkAxe(staff.page, 'progress page');

    // The CSV download carries the byte order mark and the participant.
    const csv = await staff.page.request.get(`${base}${campaignPath}/resultats.csv`);
    assert.equal(csv.status(), 200);
    const bytes = await csv.body();
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(bytes.toString('utf8'), /apprenant1@demo\.passeur\.fr/);

    await learner.context.close();
    await staff.context.close();
  });

  test('the coordinator sees the territory: charts with tables, by audience and quarter', async () => {
    const base = demo.server.baseUrl;
    const coordinator = await demo.newPage();
    await login(coordinator.page, base, USERS.coordinator);
    await coordinator.page.goto(`${base}/territoire`);
    await checkAxe(coordinator.page, 'territory list');
    await clickAndWait(coordinator.page, 'main a[href="/territoire/35"]');
    const main = await coordinator.page.locator('main').innerText();
    // The demo's 12 mediators (fictitious, shared levels) make groups of 10 or more.
    assert.match(main, /personnes ont partagé leurs résultats/);
    assert.match(main, /Médiateurs et médiatrices numériques/);
    assert.match(main, /trimestre \d{4}/);
    for (const id of ['legende-profils', 'legende-lacunes', 'legende-publics', 'legende-trimestres']) {
      assert.equal(await coordinator.page.locator(`svg[aria-labelledby="${id}"]`).count(), 1, id);
    }
    await checkAxe(coordinator.page, 'territory page');
    const csv = await coordinator.page.request.get(`${base}/territoire/35.csv`);
    assert.equal(csv.status(), 200);
    assert.match((await csv.body()).toString('utf8'), /\r\npublic,35,,,,,,12,/);
    await coordinator.context.close();
  });
});
