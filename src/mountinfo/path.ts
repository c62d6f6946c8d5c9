/**
 * Absolute paths as mountinfo prints mount points: no trailing slash except for "/" itself and no
 * empty components. "." and ".." are not resolved: the kernel never prints them in a mount point.
 */
export function normaliseMountPath(path: string): string {
  if (!path.startsWith('/')) {
    throw new Error(`"${path}" is not an absolute path: mount points in mountinfo always start with "/"`);
  }
  const normalised = path.replace(/\/{2,}/g, '/');
  return normalised.length > 1 && normalised.endsWith('/') ? normalised.slice(0, -1) : normalised;
}

/** "/", "/a", "/a/b" for "/a/b": the path and each directory above it, outermost first. */
export function pathAndAncestors(path: string): string[] {
  if (path === '/') return ['/'];
  const parts = path.split('/').slice(1);
  return ['/', ...parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`)];
}

/** True when `path` lies strictly below `directory`, at a component boundary. */
export function isStrictlyUnder(path: string, directory: string): boolean {
  if (path === directory) return false;
  return directory === '/' ? path.startsWith('/') : path.startsWith(`${directory}/`);
}
