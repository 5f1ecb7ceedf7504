import { defineConfig, devices } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

// End-to-end tests run the built app (`npm run test:e2e` builds it first when a source is newer:
// scripts/build-if-stale.sh) on a free port against a throw-away database seeded with the demo
// (scripts/e2e-server.sh), in Debian's chromium (CHROMIUM_PATH to use another browser).
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

process.env.E2E_PORT ??= String(await freePort());
// the throw-away database lives here; tests read it to check what the app stored, and write to it
// only to let time pass (tests/e2e/helpers.ts, e2eDb)
process.env.E2E_DIR ??= mkdtempSync(path.join(tmpdir(), "diancai-e2e-"));
const port = Number(process.env.E2E_PORT);
const baseURL = `http://localhost:${port}`;

const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  // What a form's action changes shows once the page's data has been reloaded and rendered again:
  // on a 2-core machine shared with other test runs (load 20-35) the door list (173 rows, each with
  // its form) took up to 6 s to re-render after its data had arrived, past the default 5 s.
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: { baseURL, launchOptions, locale: "zh-CN", trace: "retain-on-failure" },
  projects: [
    { name: "javascript", use: { ...devices["Pixel 5"], launchOptions } },
    {
      name: "no-javascript",
      // run once, in the javascript project: the HTTP-level checks (no browser involved), the
      // printed notice and exports (transparency) and the faults, which start servers of their own;
      // and door to door offline, which is a service worker and IndexedDB: nothing without scripts
      testIgnore: /http-access|transparency|fault|offline/,
      use: { ...devices["Pixel 5"], launchOptions, javaScriptEnabled: false },
    },
  ],
  webServer: {
    command: `bash scripts/e2e-server.sh ${port} ${process.env.E2E_DIR}`,
    url: baseURL,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
  },
});
