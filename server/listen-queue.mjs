// The kernel's view of a listening TCP port (Linux, /proc/net/tcp and tcp6): whether a socket
// still listens on it, and how many connections the kernel has completed that no process has yet
// taken in (the accept queue). A listener closed while that queue holds connections resets them:
// clients that had connected, and often sent their request, get ECONNRESET instead of an answer.
// The drain on SIGTERM (server.mjs) closes the listener when the queue is empty, and tells clients
// to close their connections only once no socket listens on the port any more.
import { readFileSync } from "node:fs";

const LISTEN = "0A";

/**
 * The listening sockets on `port` in the text of /proc/net/tcp or tcp6: how many there are and how
 * many connections wait in their accept queues (for a listening socket the kernel reports the
 * accept queue's length as rx_queue).
 */
export function listenersIn(text, port) {
  let sockets = 0;
  let queued = 0;
  for (const line of text.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5 || f[3] !== LISTEN) continue;
    if (Number.parseInt(f[1].slice(f[1].lastIndexOf(":") + 1), 16) !== port) continue;
    sockets++;
    queued += Number.parseInt(f[4].split(":")[1], 16);
  }
  return { sockets, queued };
}

/** The listening sockets on `port` and their queued connections; null where /proc cannot tell. */
export function listenQueue(port) {
  let sockets = 0;
  let queued = 0;
  let read = false;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text;
    try {
      text = readFileSync(file, "latin1");
    } catch {
      continue;
    }
    read = true;
    const l = listenersIn(text, port);
    sockets += l.sockets;
    queued += l.queued;
  }
  return read ? { sockets, queued } : null;
}
