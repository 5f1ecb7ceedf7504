export function listenersIn(text: string, port: number): { sockets: number; queued: number };
export function listenQueue(port: number): { sockets: number; queued: number } | null;
