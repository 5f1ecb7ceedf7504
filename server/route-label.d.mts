export function routeLabeller(
  manifest: Record<string, { id: string; parentId?: string; path?: string; index?: boolean }>,
): (pathname: string) => string;
