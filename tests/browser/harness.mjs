// Shared helpers for the browser tests: starts `$PASSEUR_BIN demo` on a free port with a fresh
// SQLite database, launches headless Chromium, and runs axe-core (WCAG 2.1 A/AA).
import { spawn } from 'node:child_process';
import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const PASSWORD = 'demo-passeur-2026';
export const USERS = {
  admin: 'admin@demo.passeur.fr',
  mediator: 'mediatrice@demo.passeur.fr',
  coordinator: 'coordination@demo.passeur.fr',
  learner1: 'apprenant1@demo.passeur.fr',
  learner2: 'apprenante2@demo.passeur.fr',
};

// Starts the demo server; resolves { baseUrl, stop }. Fails after 30 s without the listening line.
export async function startServer() {
  const bin = process.env.PASSEUR_BIN;
  if (!bin) throw new Error('PASSEUR_BIN must point to the passeur binary');
  const dir = mkdtempSync(join(tmpdir(), 'passeur-browser-'));
  const child = spawn(bin, ['demo', '--db', `sqlite:${join(dir, 'demo.db')}`, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30000);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = output.match(/passeur listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { baseUrl, stop };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

// WCAG 2.1 A/AA violations of the current page, formatted for an assertion message.
export async function axeViolations(page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  );
}

export async function login(page, baseUrl, email, password = PASSWORD) {
  await page.goto(`${baseUrl}/connexion`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/connexion"] button[type="submit"]')]);
}

// Registers hooks that start `passeur demo` and Chromium before the calling file's tests and stop
// them after. Returns { server, browser, newPage }: server and browser are set once started;
// newPage(options) opens a page (French locale) in a fresh browser context -> { context, page }.
export function useDemo() {
  const demo = {
    server: null,
    browser: null,
    async newPage(options = {}) {
      const context = await demo.browser.newContext({ locale: 'fr-FR', ...options });
      const page = await context.newPage();
      return { context, page };
    },
  };
  before(async () => {
    demo.server = await startServer();
    demo.browser = await launchBrowser();
  });
  after(async () => {
    await demo.browser?.close();
    await demo.server?.stop();
  });
  return demo;
}
