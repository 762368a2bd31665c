// Entry of the keyword build's worker thread (src/index/keyword-build.ts). A worker thread does not inherit the
// TypeScript loader of its parent (tsx's hooks, vitest's transform), so it loads the TypeScript module through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./keyword-worker.ts', import.meta.url);
