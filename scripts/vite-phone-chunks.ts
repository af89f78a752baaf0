/**
 * The files of the phone app (web/src/mobile/PhoneRoot.tsx and everything it imports, statically
 * or lazily, plus the entry chunk and its static imports): the service worker precaches exactly
 * these, so the phone app starts offline without a grid member's phone downloading the console.
 */
import type { Plugin } from 'vite';

interface ChunkLike {
  type: 'chunk';
  fileName: string;
  isEntry: boolean;
  facadeModuleId?: string | null;
  imports: string[];
  dynamicImports: string[];
  viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> };
}

export const phoneFiles = new Set<string>();

export function phoneChunks(entry = '/mobile/PhoneRoot.tsx'): Plugin {
  return {
    name: 'wangge-phone-chunks',
    apply: 'build',
    generateBundle(_, bundle) {
      phoneFiles.clear();
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk') as unknown as ChunkLike[];
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const visit = (name: string, lazy: boolean) => {
        const c = byName.get(name);
        if (!c || phoneFiles.has(name)) return;
        phoneFiles.add(name);
        for (const css of c.viteMetadata?.importedCss ?? []) phoneFiles.add(css);
        for (const i of c.imports) visit(i, lazy);
        if (lazy) for (const i of c.dynamicImports) visit(i, lazy);
      };
      const root = chunks.find((c) => c.facadeModuleId?.endsWith(entry));
      if (!root) throw new Error(`phone entry ${entry} not in the bundle`);
      for (const c of chunks) if (c.isEntry) visit(c.fileName, false);
      visit(root.fileName, true);
    },
  };
}
