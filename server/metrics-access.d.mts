export function isLoopback(address: string | undefined | null): boolean;
export function metricsAllowed(request: {
  address: string | undefined | null;
  authorization: string | undefined;
  token: string | undefined;
}): boolean;
