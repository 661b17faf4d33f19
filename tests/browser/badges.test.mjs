// Badges in headless Chromium against `passeur demo`: the learner's /mes-badges (public flag, JSON
// and PDF downloads, verification link), a visitor's verification by link, by uploaded file, by
// pasted text (valid, tampered, e-mail check) with the keyboard once, a manual award by the
// mediator and its revocation by the organisation's admin, and the not-found page of a private
// badge. axe-core (WCAG 2.1 A/AA) on every page met. The tests share state and run in order.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { USERS, axeViolations, login, useDemo } from './harness.mjs';

const demo = useDemo();

const MANUAL_BADGE = 'Accompagner une démarche en ligne';
const LEARNER2_NAME = 'Léa Moreau';
const VALID_HEADING = 'Badge valide';
const TAMPERED_HEADING = 'Badge modifié : il ne doit pas être accepté';
const REVOKED_HEADING = "Badge révoqué par l'émetteur";
const MISSING_HEADING = 'Badge introuvable';

// Filled by the first test, read by the next ones.
const state = {
  awardId: '', // apprenant1's automatic award
  badgeName: '',
  verifyUrl: '',
  json: '', // the credential as downloaded
  jsonFilename: '',
  learner: null, // apprenant1's logged-in { context, page }, closed by the private-link test
};

// Presses Tab until the focused element matches `selector` (at most `limit` presses).
async function tabTo(page, selector, limit = 80) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector} on ${page.url()}`);
}

async function clickAndWait(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

// `text` as a literal inside a RegExp.
function re(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// The card of an award on /mes-badges.
function card(page, awardId) {
  return page.locator(`[id="badge-${awardId}-card"]`);
}

// The award id of the card holding the badge `name` on /mes-badges, from its JSON link.
async function awardIdOf(page, name) {
  const section = page.locator('main section.passeur-card', {
    has: page.getByRole('heading', { name, exact: true }),
  });
  assert.equal(await section.count(), 1, `one card for ${name} on /mes-badges`);
  const href = await section.locator('a[href$=".json"]').getAttribute('href');
  const match = href.match(/^\/mes-badges\/([0-9a-f-]+)\.json$/);
  assert.ok(match, `JSON link ${href}`);
  return match[1];
}

// Checks the verdict block of a /verify result page: data-verdict, its heading (the page's h1) and
// that the verdict is in words, not in colour only.
async function assertVerdict(page, name, heading) {
  const verdict = page.locator('main #verdict');
  assert.equal(await verdict.getAttribute('data-verdict'), name);
  assert.equal(await page.locator('main h1').count(), 1);
  assert.equal((await page.locator('main h1').innerText()).trim(), heading);
  assert.ok((await verdict.locator('p').first().innerText()).trim().length > 20, 'verdict explained in words');
}

// Submits the /verify form with a click and waits for the result page.
async function submitVerify(page) {
  await clickAndWait(page, page.locator('main form[action="/verify"] button[type="submit"]'));
}

describe('badges', () => {
  test('the learner sees their badges, makes one public, downloads its JSON and PDF', async () => {
    state.learner = await demo.newPage({ acceptDownloads: true });
    const { page } = state.learner;
    const base = demo.server.baseUrl;
    await login(page, base, USERS.learner1);

    // The navigation entry leads to the learner's badges.
    await clickAndWait(page, page.locator('nav#navigation a[href="/mes-badges"]'));
    assert.equal(new URL(page.url()).pathname, '/mes-badges');
    assert.equal(await page.title(), 'Mes badges — passeur');
    assert.equal(await page.locator('nav#navigation a[href="/mes-badges"]').getAttribute('aria-current'), 'page');
    assert.equal((await page.locator('main h1').innerText()).trim(), 'Mes badges');
    const cards = page.locator('main section.passeur-card');
    assert.ok((await cards.count()) >= 1, 'apprenant1 holds at least one badge');
    // At least one automatic badge (the demo's competence-level rule), valid, private.
    const automatic = cards.filter({ hasText: 'attribué automatiquement après un test' });
    assert.ok((await automatic.count()) >= 1, 'an automatic badge');
    const first = automatic.first();
    state.badgeName = (await first.locator('h2').innerText()).trim();
    state.awardId = await awardIdOf(page, state.badgeName);
    const text = await first.innerText();
    assert.match(text, /Délivré par Médiathèque Simone-Veil \(démo\)/);
    assert.match(text, /État : Valide/);
    assert.match(text, /Privé : vous seul le voyez\./);
    assert.match(text, /Rendez ce badge public/);
    assert.equal(await first.locator('a[href*="/verify?award="]').count(), 0, 'no link while private');

    // Make it public (the visibility form): the page says so and shows the verification link.
    await clickAndWait(page, page.getByRole('button', { name: `Rendre public le badge ${state.badgeName}` }));
    assert.equal(new URL(page.url()).pathname, '/mes-badges');
    assert.match(
      await page.locator('main [role="status"]').innerText(),
      new RegExp(`Le badge « ${re(state.badgeName)} » est maintenant public`),
    );
    const publicCard = card(page, state.awardId);
    assert.match(await publicCard.innerText(), /Public : toute personne qui a le lien peut le vérifier\./);
    assert.equal(
      await publicCard.getByRole('button').getAttribute('aria-label'),
      `Rendre privé le badge ${state.badgeName}`,
    );
    const link = publicCard.locator('a[href*="/verify?award="]');
    assert.equal(await link.count(), 1);
    state.verifyUrl = await link.getAttribute('href');
    assert.equal(state.verifyUrl, `${base}/verify?award=${state.awardId}`);
    assert.equal((await link.innerText()).trim(), state.verifyUrl);
    assert.deepEqual(await axeViolations(page), []);

    // "Télécharger (JSON)": the signed credential as issued.
    const jsonLink = publicCard.getByRole('link', { name: `Télécharger le badge ${state.badgeName} au format JSON` });
    assert.equal((await jsonLink.innerText()).trim(), 'Télécharger (JSON)');
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), jsonLink.click()]);
    state.jsonFilename = jsonDownload.suggestedFilename();
    assert.equal(state.jsonFilename, `passeur-badge-${state.awardId}.json`);
    state.json = readFileSync(await jsonDownload.path(), 'utf8');
    const credential = JSON.parse(state.json);
    assert.equal(credential.id, `urn:uuid:${state.awardId}`);
    assert.ok(credential.type.includes('OpenBadgeCredential'));
    assert.equal(credential.credentialSubject.achievement.name, state.badgeName);
    assert.equal(credential.proof.type, 'DataIntegrityProof');
    assert.ok(!state.json.includes(USERS.learner1), 'the e-mail is only hashed in the credential');

    // "Certificat PDF": a PDF carrying the verification URL (link annotation).
    const pdfLink = publicCard.getByRole('link', { name: `Télécharger le certificat PDF du badge ${state.badgeName}` });
    assert.equal((await pdfLink.innerText()).trim(), 'Certificat PDF');
    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), pdfLink.click()]);
    assert.equal(pdfDownload.suggestedFilename(), `passeur-badge-${state.awardId}.pdf`);
    const pdf = readFileSync(await pdfDownload.path()).toString('latin1');
    assert.ok(pdf.startsWith('%PDF-'), 'starts with %PDF-');
    assert.ok(pdf.includes(state.verifyUrl), 'the PDF holds the verification URL');
    assert.match(pdf, /%%EOF\s*$/);
  });

  test('a visitor opens the verification link: valid, with the badge and its issuer', async () => {
    assert.ok(state.verifyUrl, 'needs the first test');
    const { context, page } = await demo.newPage();
    const response = await page.goto(state.verifyUrl);
    assert.equal(response.status(), 200);
    await assertVerdict(page, 'valid', VALID_HEADING);
    assert.equal(await page.title(), `${VALID_HEADING} — vérification d'un badge — passeur`);
    const main = await page.locator('main').innerText();
    assert.match(main, /Badge ouvert depuis le lien de son certificat\./);
    assert.equal((await page.locator('main h3').first().innerText()).trim(), state.badgeName);
    assert.match(main, /Nom\s:\s+passeur/); // " :" with a no-break space
    assert.match(main, /Émis par cette plateforme\./);
    assert.match(main, /pas révoqué/);
    assert.match(main, /pas suspendu/);
    // The visitor is not logged in: no personal navigation.
    assert.equal(await page.locator('nav#navigation a[href="/mes-badges"]').count(), 0);
    assert.equal(await page.locator('nav#navigation a[href="/verify"]').getAttribute('aria-current'), 'page');
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });

  test('a visitor verifies the file, a tampered copy, and the e-mail (once with the keyboard only)', async () => {
    assert.ok(state.json, 'needs the first test');
    const { context, page } = await demo.newPage();
    const base = demo.server.baseUrl;
    await page.goto(`${base}/`);
    await clickAndWait(page, page.locator('nav#navigation a[href="/verify"]'));
    assert.equal(new URL(page.url()).pathname, '/verify');
    assert.equal(await page.title(), 'Vérifier un badge — passeur');
    assert.equal((await page.locator('main h1').innerText()).trim(), 'Vérifier un badge');
    assert.deepEqual(await axeViolations(page), []);

    // Upload of the downloaded file.
    await page.setInputFiles('#fichier', {
      name: state.jsonFilename,
      mimeType: 'application/json',
      buffer: Buffer.from(state.json, 'utf8'),
    });
    await submitVerify(page);
    assert.equal(new URL(page.url()).pathname, '/verify');
    await assertVerdict(page, 'valid', VALID_HEADING);
    assert.match(await page.locator('main').innerText(), new RegExp(`Badge lu dans le fichier « ${re(state.jsonFilename)} »\\.`));
    assert.equal((await page.locator('main h3').first().innerText()).trim(), state.badgeName);

    // A copy whose achievement name was changed: tampered, and the page says its content is untrusted.
    const tampered = JSON.parse(state.json);
    tampered.credentialSubject.achievement.name = 'Expert en cybersécurité';
    await clickAndWait(page, page.getByRole('link', { name: 'Vérifier un autre badge' }));
    await page.fill('#credential', JSON.stringify(tampered, null, 2));
    await submitVerify(page);
    await assertVerdict(page, 'tampered', TAMPERED_HEADING);
    assert.equal(await page.locator('main #verdict').getAttribute('class'), 'fr-alert fr-alert--error fr-mb-2w');
    const tamperedText = await page.locator('main').innerText();
    assert.match(tamperedText, /Badge collé dans la page\./);
    assert.match(tamperedText, /Attention : ce badge n'est pas valide\./);
    assert.doesNotMatch(tamperedText, /Émis par cette plateforme\./);
    assert.deepEqual(await axeViolations(page), []);

    // With the keyboard only: paste the valid text, type the learner's e-mail, submit with Enter.
    await page.goto(`${base}/verify`);
    await tabTo(page, '#credential');
    await page.keyboard.insertText(state.json);
    await tabTo(page, '#email');
    await page.keyboard.type(USERS.learner1);
    await tabTo(page, 'main form[action="/verify"] button[type="submit"]');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await assertVerdict(page, 'valid', VALID_HEADING);
    assert.equal(
      (await page.locator('main #verdict strong').innerText()).trim(),
      `L'adresse e-mail ${USERS.learner1} est bien celle de la personne qui a reçu ce badge.`,
    );

    // Another address does not match.
    await page.goto(`${base}/verify`);
    await page.fill('#credential', state.json);
    await page.fill('#email', USERS.learner2);
    await submitVerify(page);
    await assertVerdict(page, 'valid', VALID_HEADING);
    assert.match(
      await page.locator('main #verdict strong').innerText(),
      new RegExp(`L'adresse e-mail ${re(USERS.learner2)} n'est pas celle de la personne qui a reçu ce badge\\.`),
    );
    await context.close();
  });

  test("a private badge's link shows the same not-found page as an unknown award", async () => {
    assert.ok(state.learner, 'needs the first test');
    const base = demo.server.baseUrl;
    // The learner makes the badge private again.
    const { learner } = state;
    await learner.page.goto(`${base}/mes-badges`);
    await clickAndWait(
      learner.page,
      learner.page.getByRole('button', { name: `Rendre privé le badge ${state.badgeName}` }),
    );
    assert.match(
      await learner.page.locator('main [role="status"]').innerText(),
      new RegExp(`Le badge « ${re(state.badgeName)} » est maintenant privé\\.`),
    );
    assert.match(await card(learner.page, state.awardId).innerText(), /Privé : vous seul le voyez\./);
    assert.equal(await card(learner.page, state.awardId).locator('a[href*="/verify?award="]').count(), 0);
    await learner.context.close();

    const { context, page } = await demo.newPage();
    const privateResponse = await page.goto(state.verifyUrl);
    assert.equal(privateResponse.status(), 404);
    assert.equal((await page.locator('main h1').innerText()).trim(), MISSING_HEADING);
    assert.equal(await page.locator('main #verdict').count(), 0);
    const privateMain = await page.locator('main').innerText();
    assert.ok(!privateMain.includes(state.badgeName), 'nothing about the badge leaks');
    assert.deepEqual(await axeViolations(page), []);

    const unknownResponse = await page.goto(`${base}/verify?award=00000000-0000-4000-8000-000000000000`);
    assert.equal(unknownResponse.status(), 404);
    assert.equal(await page.locator('main').innerText(), privateMain);
    await context.close();
  });

  test('the mediator awards the manual badge, the admin revokes it, learner and visitor see it revoked', async () => {
    const base = demo.server.baseUrl;
    const narrative = 'A déclaré ses revenus trimestriels sur caf.fr seule, pièces jointes comprises.';
    const reason = 'Observation en atelier démarches du mardi.';

    // The mediator: /organisation/badges -> "Attribuer" on the manual badge.
    const mediator = await demo.newPage();
    await login(mediator.page, base, USERS.mediator);
    await mediator.page.goto(`${base}/organisation/badges`);
    assert.equal((await mediator.page.locator('main h1').innerText()).trim(), 'Badges de la structure');
    await clickAndWait(mediator.page, mediator.page.getByRole('link', { name: `Attribuer le badge ${MANUAL_BADGE}` }));
    const awardPath = new URL(mediator.page.url()).pathname;
    assert.match(awardPath, /^\/badges\/[0-9a-f-]+\/attribuer$/);
    const badgeId = awardPath.split('/')[2];
    assert.equal((await mediator.page.locator('main h1').innerText()).trim(), `Attribuer le badge : ${MANUAL_BADGE}`);
    assert.deepEqual(await axeViolations(mediator.page), []);

    // An empty submission shows linked errors and keeps the page accessible.
    await clickAndWait(mediator.page, mediator.page.locator('main form button[type="submit"]'));
    assert.match(await mediator.page.title(), /^Erreur :/);
    assert.ok((await mediator.page.locator('main [aria-invalid="true"]').count()) >= 1);
    assert.deepEqual(await axeViolations(mediator.page), []);

    await mediator.page.selectOption('#learner_id', { label: LEARNER2_NAME });
    await mediator.page.fill('#reason', reason);
    await mediator.page.fill('#narrative', narrative);
    assert.match(await mediator.page.inputValue('#observed_on'), /^\d{4}-\d{2}-\d{2}$/);
    await clickAndWait(mediator.page, mediator.page.locator('main form button[type="submit"]'));
    assert.equal(new URL(mediator.page.url()).pathname, `/organisation/badges/${badgeId}/attributions`);
    assert.equal(
      (await mediator.page.locator('main [role="status"]').innerText()).trim(),
      `Le badge « ${MANUAL_BADGE} » a été attribué à ${LEARNER2_NAME}.`,
    );
    const mediatorRow = mediator.page.locator('main section', {
      has: mediator.page.getByRole('heading', { name: LEARNER2_NAME, exact: true }),
    });
    assert.equal(await mediatorRow.count(), 1);
    const rowText = await mediatorRow.innerText();
    assert.match(rowText, /Valide/);
    assert.match(rowText, /attribué par Camille Martin/);
    assert.ok(rowText.includes(`Motif : ${reason}`));
    assert.ok(rowText.includes(`Observé : ${narrative}`));
    await mediator.context.close();

    // The learner sees it and makes it public.
    const learner = await demo.newPage();
    await login(learner.page, base, USERS.learner2);
    await learner.page.goto(`${base}/mes-badges`);
    const awardId = await awardIdOf(learner.page, MANUAL_BADGE);
    assert.match(await card(learner.page, awardId).innerText(), /attribué par Camille Martin/);
    assert.match(await card(learner.page, awardId).innerText(), /État : Valide/);
    await clickAndWait(learner.page, learner.page.getByRole('button', { name: `Rendre public le badge ${MANUAL_BADGE}` }));
    const verifyUrl = await card(learner.page, awardId).locator('a[href*="/verify?award="]').getAttribute('href');
    assert.equal(verifyUrl, `${base}/verify?award=${awardId}`);

    // The signed credential carries the observation as evidence (not the reason).
    const downloaded = await learner.page.request.get(`${base}/mes-badges/${awardId}.json`);
    assert.equal(downloaded.status(), 200);
    const evidence = (await downloaded.json()).evidence;
    assert.equal(evidence.length, 1);
    assert.equal(evidence[0].narrative, narrative);
    assert.equal(evidence[0].genre, 'Observation');
    assert.match(evidence[0].description, /par Camille Martin\.$/);
    assert.ok(!(await downloaded.text()).includes(reason), 'the reason stays out of the credential');

    const visitor = await demo.newPage();
    await visitor.page.goto(verifyUrl);
    await assertVerdict(visitor.page, 'valid', VALID_HEADING);
    assert.equal((await visitor.page.locator('main h3').first().innerText()).trim(), MANUAL_BADGE);

    // The organisation's admin revokes it on the awards page, with a reason.
    const admin = await demo.newPage();
    await login(admin.page, base, USERS.admin);
    await admin.page.goto(`${base}/organisation/badges`);
    await clickAndWait(admin.page, admin.page.getByRole('link', { name: `Attributions du badge ${MANUAL_BADGE}` }));
    const adminRow = admin.page.locator('main section', {
      has: admin.page.getByRole('heading', { name: LEARNER2_NAME, exact: true }),
    });
    assert.equal(await adminRow.count(), 1);
    await adminRow.getByLabel('Motif').fill('Attribué par erreur.');
    await clickAndWait(admin.page, adminRow.getByRole('button', { name: 'Retirer définitivement' }));
    assert.equal(new URL(admin.page.url()).pathname, `/organisation/badges/${badgeId}/attributions`);
    assert.equal(
      (await admin.page.locator('main [role="status"]').innerText()).trim(),
      `Le badge de ${LEARNER2_NAME} est retiré.`,
    );
    const revokedRow = await adminRow.innerText();
    assert.match(revokedRow, /Retiré — Attribué par erreur\./);
    assert.equal(await adminRow.getByRole('button').count(), 0, 'no action left on a revoked award');
    assert.deepEqual(await axeViolations(admin.page), []);
    await admin.context.close();

    // The learner's page says it is revoked (words and icon).
    await learner.page.goto(`${base}/mes-badges`);
    const revokedCard = card(learner.page, awardId);
    assert.match(await revokedCard.innerText(), /État : Retiré/);
    assert.equal(await revokedCard.locator('.fr-icon-close-circle-line[aria-hidden="true"]').count(), 1);
    assert.deepEqual(await axeViolations(learner.page), []);
    await learner.context.close();

    // Its public link now says revoked.
    await visitor.page.goto(verifyUrl);
    await assertVerdict(visitor.page, 'revoked', REVOKED_HEADING);
    assert.match(await visitor.page.locator('main').innerText(), /révoqué par l'émetteur/);
    assert.deepEqual(await axeViolations(visitor.page), []);
    await visitor.context.close();
  });
});
