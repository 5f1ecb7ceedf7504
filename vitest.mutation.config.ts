import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// The pure domain tests only: what `npm run test:mutation` runs against each mutant of app/domain.
// No database, no global setup, so a mutant is judged in milliseconds.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["app/domain/**/*.test.ts"],
    pool: "threads",
  },
});
