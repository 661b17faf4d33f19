// The learner's adaptive test in headless Chromium against `passeur demo`, driven with the
// keyboard only (Tab, Space, Enter, typing): start a test, answer, pause, resume, finish; axe-core
// (WCAG 2.1 A/AA) on /tests, on a question page of each item type met, and on the result page.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { USERS, axeViolations, login, useDemo } from './harness.mjs';

const demo = useDemo();

// Presses Tab until the focused element matches `selector` (at most `limit` presses).
async function tabTo(page, selector, limit = 250) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector} on ${page.url()}`);
}

async function pressAndWait(page, key) {
  await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
}

// The item type of the question page, from the inputs the partial item_question renders.
async function questionType(page) {
  const form = page.locator('main form[action$="/reponse"]');
  if ((await form.locator('input[type="radio"][name="answer"]').count()) > 0) return 'single_choice';
  if ((await form.locator('input[type="checkbox"][name="answer"]').count()) > 0) return 'multiple_choice';
  if ((await form.locator('input[inputmode="decimal"][name="answer"]').count()) > 0) return 'numeric';
  if ((await form.locator('input[type="text"][name="answer"]').count()) > 0) return 'short_text';
  if ((await form.locator('select[name^="order_"]').count()) > 0) return 'ordering';
  if ((await form.locator('select[name^="match_"]').count()) > 0) return 'matching';
  return 'unknown';
}

// Answers the question on the page with the keyboard; "Je ne sais pas" for lists of selects
// and every third question.
async function answer(page, type, n) {
  if (n % 3 === 2 || type === 'ordering' || type === 'matching') {
    await tabTo(page, 'button[name="dont_know"]');
    await pressAndWait(page, 'Enter');
    return;
  }
  if (type === 'single_choice' || type === 'multiple_choice') {
    await tabTo(page, 'input[name="answer"]');
    await page.keyboard.press('Space');
    assert.equal(await page.evaluate(() => document.activeElement.checked), true);
  } else {
    await tabTo(page, 'input[name="answer"]');
    await page.keyboard.type(type === 'numeric' ? '12' : 'je pense que oui');
  }
  await tabTo(page, 'main form[action$="/reponse"] button[type="submit"]:not([name])');
  await pressAndWait(page, 'Enter');
}

describe('adaptive test', () => {
  test('a learner takes a test with the keyboard only, pauses, resumes and reads the result', async () => {
    const { context, page } = await demo.newPage();
    const base = demo.server.baseUrl;
    await login(page, base, USERS.learner1);

    // The navigation entry leads to the list of tests.
    await tabTo(page, 'nav a[href="/tests"]');
    await pressAndWait(page, 'Enter');
    assert.equal(new URL(page.url()).pathname, '/tests');
    assert.equal(await page.title(), 'Mes tests — passeur');
    assert.deepEqual(await axeViolations(page), []);

    // Start the "socle numérique pour l'emploi" test, ticking "j'ai besoin de temps".
    const card = 'form:has(input[name="target_profile_id"][value="socle-emploi"])';
    await tabTo(page, `${card} input[value="no_timer"]`);
    await page.keyboard.press('Space');
    await tabTo(page, `${card} button[type="submit"]`);
    await pressAndWait(page, 'Enter');
    const testPath = new URL(page.url()).pathname;
    assert.match(testPath, /^\/tests\/[0-9a-f-]+$/);
    assert.match(await page.locator('h1').innerText(), /^Question 1$/);
    assert.match(await page.locator('main').innerText(), /Compétences abordées : 0 sur 10/);

    const checked = new Set();
    let paused = false;
    for (let n = 0; n < 80; n += 1) {
      if (new URL(page.url()).pathname.endsWith('/resultat')) break;
      assert.equal(new URL(page.url()).pathname, testPath);
      assert.match(await page.locator('h1').innerText(), new RegExp(`^Question ${n + 1}$`));
      const type = await questionType(page);
      assert.notEqual(type, 'unknown');
      if (!checked.has(type)) {
        checked.add(type);
        assert.deepEqual(await axeViolations(page), [], `question page of type ${type}`);
      }
      if (n === 2 && !paused) {
        // Pause: back to the list, where the test waits with "Reprendre".
        paused = true;
        await tabTo(page, 'main a[href="/tests"]');
        await pressAndWait(page, 'Enter');
        assert.equal(new URL(page.url()).pathname, '/tests');
        await tabTo(page, `main a[href="${testPath}#question"]`);
        await pressAndWait(page, 'Enter');
        assert.equal(new URL(page.url()).pathname, testPath);
        assert.match(await page.locator('h1').innerText(), /^Question 3$/);
      }
      await answer(page, type, n);
    }
    assert.ok(paused, 'the test ended before the pause');
    assert.equal(new URL(page.url()).pathname, `${testPath}/resultat`);

    // The result: chart and its table, verdicts in words, the answers with their feedback.
    assert.equal(await page.locator('h1').innerText(), 'Votre résultat');
    assert.equal(await page.locator('main svg[role="img"]').count(), 1);
    assert.equal(await page.locator('#profil-tableau tbody tr').count(), 10);
    for (const text of await page.locator('#profil-tableau tbody td:nth-child(4)').allInnerTexts()) {
      assert.match(text, /Acquis|À travailler|À confirmer/);
    }
    assert.ok((await page.locator('main details.passeur-answer').count()) >= 10);
    assert.deepEqual(await axeViolations(page), []);
    // A <details> opens with the keyboard.
    await tabTo(page, 'main details.passeur-answer summary');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('main details.passeur-answer').first().getAttribute('open'), '');

    // The list shows the finished test.
    await page.goto(`${base}/tests`);
    assert.equal(await page.locator(`main .passeur-list a[href="${testPath}/resultat"]`).count(), 1);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });

  test("another learner cannot open someone else's test", async () => {
    const first = await demo.newPage();
    await login(first.page, demo.server.baseUrl, USERS.learner2);
    await first.page.goto(`${demo.server.baseUrl}/tests`);
    await Promise.all([
      first.page.waitForNavigation(),
      first.page.click('form:has(input[value="socle-emploi"]) button[type="submit"]'),
    ]);
    const testPath = new URL(first.page.url()).pathname;
    const second = await demo.newPage();
    await login(second.page, demo.server.baseUrl, USERS.mediator);
    const response = await second.page.goto(`${demo.server.baseUrl}${testPath}`);
    assert.equal(response.status(), 404);
    await first.context.close();
    await second.context.close();
  });
});
