/**
 * What an editor with the Cucumber extension sees of this repository, computed headless: the
 * `cucumber.*` settings of .vscode/settings.json, the glue they name read by
 * @cucumber/language-service (tree-sitter queries over the TypeScript, as the language server
 * does), and the service's diagnostics for each feature.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ExpressionBuilder, getGherkinDiagnostics, type ExpressionBuilderResult, type ParameterTypeMeta } from '@cucumber/language-service';
import { WasmParserAdapter } from '@cucumber/language-service/wasm';

export const root = fileURLToPath(new URL('../../', import.meta.url));

/** The settings the language server reads (workspace/configuration, section `cucumber`). */
export interface EditorSettings {
  readonly features: readonly string[];
  readonly glue: readonly string[];
  readonly parameterTypes: readonly ParameterTypeMeta[];
}

export function readEditorSettings(): EditorSettings {
  const s = JSON.parse(readFileSync(join(root, '.vscode/settings.json'), 'utf8')) as Record<string, unknown>;
  const list = <T>(key: string): T[] => (Array.isArray(s[key]) ? (s[key] as T[]) : []);
  return { features: list('cucumber.features'), glue: list('cucumber.glue'), parameterTypes: list('cucumber.parameterTypes') };
}

/** `**\/` any folders, `*` any part of a name; the folder before the first `*` is where to look. */
export function expandGlob(glob: string): string[] {
  const base = glob.slice(0, glob.indexOf('*')).replace(/[^/]*$/, '');
  if (base === '' || /[?[{]/.test(glob)) throw new Error(`${glob}: only globs like dir/**/*.ext are read here`);
  const pattern = glob.split(/(\*\*\/|\*)/).map((p) => (p === '**/' ? '(?:.*/)?' : p === '*' ? '[^/]*' : p.replace(/[.+^$()|\\]/g, '\\$&')));
  const re = new RegExp(`^${pattern.join('')}$`);
  return readdirSync(join(root, base), { recursive: true }).map((f) => `${base}${String(f)}`).filter((f) => re.test(f)).sort();
}

/** Every file of the repository ending in `ext`, outside node_modules, .git, lab/build and reports. */
export function repoFiles(ext: string, dir = ''): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}${e.name}`;
    if (e.isDirectory() && !['node_modules', '.git', 'lab/build', 'lab/cache', 'reports'].includes(path)) return repoFiles(ext, `${path}/`);
    return e.isFile() && e.name.endsWith(ext) ? [path] : [];
  });
}

export interface EditorView {
  /** Step definitions and parameter types as the service read them, and what it could not use. */
  readonly glue: ExpressionBuilderResult;
  /** Each feature file (relative path) with its diagnostics: syntax errors, undefined steps. */
  readonly diagnostics: ReadonlyMap<string, ReturnType<typeof getGherkinDiagnostics>>;
}

export async function languageServiceView(settings: EditorSettings): Promise<EditorView> {
  // The package ships tree-sitter.wasm and tsx.wasm in dist/, two folders above its entry point.
  const dist = join(dirname(fileURLToPath(import.meta.resolve('@cucumber/language-service'))), '../..');
  const parser = new WasmParserAdapter(dist);
  await parser.init();
  // .ts glue is read with the tsx grammar, as the language server does (glueExtByLanguageName).
  const sources = settings.glue.flatMap(expandGlob).map((f) => ({
    languageName: 'tsx' as const,
    uri: pathToFileURL(join(root, f)).href,
    content: readFileSync(join(root, f), 'utf8'),
  }));
  const glue = new ExpressionBuilder(parser).build(sources, settings.parameterTypes);
  const expressions = glue.expressionLinks.map((l) => l.expression);
  const diagnostics = new Map(settings.features.flatMap(expandGlob).map((f) => [f, getGherkinDiagnostics(readFileSync(join(root, f), 'utf8'), expressions)] as const));
  return { glue, diagnostics };
}
