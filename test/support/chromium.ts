import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Where Debian's Chromium lives (CI installs it: .ci/run). */
export const CHROMIUM = '/usr/bin/chromium';
/** How to get it. */
export const CHROMIUM_INSTALL = 'install Debian\'s chromium package (apt-get install chromium)';

/** True when the system Chromium is there. */
export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** Starts the system Chromium headless with a fresh profile; `close()` stops it and removes the profile. */
export async function launchChromium(): Promise<{ browser: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'cirro-chromium-'));
  // Playwright passes the profile as --user-data-dir itself when given one here.
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
