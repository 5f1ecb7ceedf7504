import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig(({ isSsrBuild }) => ({
  // The browser's modules are minified with terser: about 3 kB gzip less than esbuild's on the
  // vote page (issue #15: ≤ 120 kB). The server's build stays unminified (readable stacks and
  // CPU profiles).
  build: isSsrBuild ? {} : { minify: "terser" as const },
  plugins: [reactRouter(), tsconfigPaths()],
}));
