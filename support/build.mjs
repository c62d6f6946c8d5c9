// mountlab's TypeScript compiled for the processes a run starts: `npm run lab` (src/cli/lab.ts)
// and cucumber-js's (and each --parallel worker's) step definitions. esbuild compiles both, and
// the src/ they import, into ES modules under node_modules/.cache/mountlab/ that share their
// common parts (one instance of each module in a process that loads both, as the workshop does),
// once, and again only when one of those files changes. Loading them takes a tenth of what tsx's
// hooks took per file at every start: about 1.1 s of cucumber's start-up and 0.3 s of lab.ts's on
// a 2-core machine (npm run bench, start-up row). Tests still run the TypeScript through tsx.
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
/** The step definitions cucumber loads; the editor's glue (.vscode/settings.json) names the same. */
export const STEP_GLOB = 'steps/**/*.ts';
const CACHE = writableCache();
const RECORD = join(CACHE, 'build.json');
/** The CLI, compiled beside the step definitions. */
const LAB = 'src/cli/lab.ts';
/** Besides the compiled files: what changes the output without being one of them. */
const SETTINGS = ['package.json', 'tsconfig.json', 'support/build.mjs'];
const TARGET = 'node20';
/** esbuild's version, read without loading it: it is loaded only to compile. */
const esbuildVersion = createRequire(import.meta.url)('esbuild/package.json').version;

/** The .ts files under a directory of the project, relative to the project, sorted. */
function typeScriptUnder(dir) {
  return readdirSync(join(ROOT, dir), { recursive: true })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `${dir}/${f.replaceAll('\\', '/')}`)
    .sort();
}

/** steps/**\/*.ts (STEP_GLOB), relative to the project, sorted. */
export function stepFiles() {
  return typeScriptUnder('steps');
}

/**
 * node_modules/.cache/mountlab/, or, where this user may not write there (node_modules installed
 * by root, a run as root before), a directory of this user's in the temporary directory.
 */
function writableCache() {
  const inProject = join(ROOT, 'node_modules', '.cache', 'mountlab');
  try {
    mkdirSync(inProject, { recursive: true });
    accessSync(inProject, constants.W_OK);
    return inProject;
  } catch {
    const id = createHash('sha256').update(ROOT).digest('hex').slice(0, 12);
    const own = join(tmpdir(), `mountlab-compiled-${process.getuid?.() ?? 'user'}-${id}`);
    mkdirSync(own, { recursive: true, mode: 0o700 });
    // Code is loaded from here: only a directory of this user's that no one else may write.
    const s = lstatSync(own);
    if (!s.isDirectory() || s.uid !== process.getuid?.() || (s.mode & 0o022) !== 0) {
      throw new Error(`${own}: not a directory of this user's that only this user may write; remove it, or make node_modules/.cache/mountlab writable`);
    }
    return own;
  }
}

/** Every file a build may read (src/ and steps/ TypeScript, SETTINGS), with its mtime. */
function sourceMtimes() {
  return new Map([...typeScriptUnder('src'), ...typeScriptUnder('steps'), ...SETTINGS].map((f) => [f, statSync(join(ROOT, f)).mtimeMs]));
}

/** The last build's record, when every file it was built from is unchanged; else undefined. */
function freshRecord(steps) {
  let record;
  try {
    record = JSON.parse(readFileSync(RECORD, 'utf8'));
  } catch {
    return undefined;
  }
  if (record.esbuild !== esbuildVersion || record.target !== TARGET || JSON.stringify(record.steps) !== JSON.stringify(steps)) return undefined;
  if (!existsSync(join(CACHE, record.dir, 'steps.js')) || !existsSync(join(CACHE, record.dir, 'lab.js'))) return undefined;
  for (const [file, mtime] of Object.entries(record.inputs)) {
    try {
      if (statSync(join(ROOT, file)).mtimeMs !== mtime) return undefined;
    } catch {
      return undefined;
    }
  }
  return record;
}

/**
 * `import.meta.url` of a compiled file would name the cache; each source keeps its own (the lab
 * directory is found from src/image/catalogue.ts's).
 */
const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

/**
 * Packages stay outside the build, imported by absolute URL (resolved as from this project), so
 * the compiled files load the project's node_modules wherever the cache is.
 */
const packagesByUrl = {
  name: 'packages-by-url',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (isBuiltin(args.path) ? { external: true } : { path: import.meta.resolve(args.path), external: true }));
  },
};

/** The step files as one module: `import "./steps/x.steps.ts"` each, in order. */
const STEPS_ENTRY = 'mountlab-steps';
function stepsEntry(steps) {
  return {
    name: 'steps-entry',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${STEPS_ENTRY}$`) }, () => ({ path: STEPS_ENTRY, namespace: STEPS_ENTRY }));
      b.onLoad({ filter: /.*/, namespace: STEPS_ENTRY }, () => ({ contents: steps.map((f) => `import ${JSON.stringify(`./${f}`)};`).join('\n'), resolveDir: ROOT, loader: 'ts' }));
    },
  };
}

async function compile(steps) {
  mkdirSync(CACHE, { recursive: true });
  // A directory of its own per build: a process that loaded an older one may still import its chunks.
  const dir = `build-${process.pid}-${Date.now()}`;
  // Taken before compiling: a file saved while esbuild runs makes the next start compile again.
  const before = sourceMtimes();
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [{ in: STEPS_ENTRY, out: 'steps' }, { in: LAB, out: 'lab' }],
    absWorkingDir: ROOT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: TARGET,
    outdir: join(CACHE, dir),
    sourcemap: true,
    // stack traces need only the files and lines from a map, not the sources (less for Node to read)
    sourcesContent: false,
    metafile: true,
    plugins: [stepsEntry(steps), ownImportMetaUrl, packagesByUrl],
    logLevel: 'error',
  });
  const read = new Set([...Object.keys(result.metafile.inputs).map((f) => relative(ROOT, join(ROOT, f))), ...SETTINGS]);
  const inputs = Object.fromEntries([...before].filter(([f]) => read.has(f)));
  const record = { esbuild: esbuildVersion, target: TARGET, steps, dir, inputs };
  const temporary = `${RECORD}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify(record));
  renameSync(temporary, RECORD);
  removeOldBuilds(dir);
  return record;
}

/** Builds older than a day (no run lasts that long) go. */
function removeOldBuilds(keep) {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of readdirSync(CACHE)) {
    if (!name.startsWith('build-') || name === keep) continue;
    try {
      if (statSync(join(CACHE, name)).mtimeMs < dayAgo) rmSync(join(CACHE, name), { recursive: true, force: true });
    } catch {
      // another process removed it
    }
  }
}

/**
 * The URL of a compiled entry point, 'steps' (the step definitions) or 'lab' (src/cli/lab.ts),
 * compiled now if any source changed since.
 */
export async function compiled(entry) {
  const steps = stepFiles();
  const record = freshRecord(steps) ?? (await compile(steps));
  return pathToFileURL(join(CACHE, record.dir, `${entry}.js`)).href;
}
