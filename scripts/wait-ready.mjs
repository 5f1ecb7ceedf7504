// Waits until the server answers 200 on /readyz (a write commits, it is not draining), then
// exits 0; exits 1 if it is not ready within READY_WAIT_MS (60 s). The systemd unit runs it as
// ExecStartPost (deploy/diancai.service), so the service counts as started — and units ordered
// after it start — only once the server can take traffic. Reads PORT and HOST as server.mjs does.
const port = Number(process.env.PORT ?? 3000);
const listening = process.env.HOST;
const host = !listening || listening === "0.0.0.0" || listening === "::" ? "127.0.0.1" : listening;
const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}/readyz`;
const until = Date.now() + Number(process.env.READY_WAIT_MS ?? 60_000);

for (;;) {
  const status = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
    (r) => r.status,
    () => 0,
  );
  if (status === 200) process.exit(0);
  if (Date.now() >= until) {
    console.error(`${url} did not answer 200 in time (last: ${status || "no answer"})`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}
