/**
 * Enforces the dependency direction of STYLE.md section 2 (D1–D3, C1) by reading every source
 * file with the TypeScript parser: imports are taken from the syntax tree, so comments and
 * strings that mention a module or `Date.now()` do not count.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SRC = join(ROOT, 'src')

/** Packages core may use: it is otherwise dependency-free (STYLE.md P8). */
const CORE_PACKAGES = ['libphonenumber-js']
const CONFIG_PACKAGES = ['zod', 'node:fs']
/** Database drivers: only the stores and the composition root may load them (D3). */
const DATABASE_DRIVERS = ['better-sqlite3', 'pg']
const DRIVER_IMPORTERS = ['src/store/', 'src/engine/open-engine.ts']
/** Layers that may read the environment (C1); bench and cli are entry points. */
const ENV_READERS = ['src/config/', 'src/bench/', 'src/cli/']

interface SourceFile {
  /** Path from the repository root, with forward slashes: `src/core/ids.ts`. */
  path: string
  isTest: boolean
  tree: ts.SourceFile
}

interface Import {
  file: SourceFile
  line: number
  specifier: string
  /** For a relative import, the target's path from the repository root; else undefined. */
  target: string | undefined
}

const toPosix = (path: string) => path.split(sep).join('/')

const FILES: SourceFile[] = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter((path) => /\.(ts|tsx|mts|cts)$/.test(path) && !path.endsWith('.d.ts'))
  .map((path) => {
    const absolute = join(SRC, path)
    const text = readFileSync(absolute, 'utf8')
    return {
      path: toPosix(relative(ROOT, absolute)),
      isTest: /\.test\.tsx?$/.test(path),
      tree: ts.createSourceFile(absolute, text, ts.ScriptTarget.Latest, true),
    }
  })

const lineOf = (file: SourceFile, node: ts.Node) =>
  file.tree.getLineAndCharacterOfPosition(node.getStart(file.tree)).line + 1

/** Every node of a file, depth first. */
function nodesOf(file: SourceFile): ts.Node[] {
  const nodes: ts.Node[] = []
  const visit = (node: ts.Node) => {
    nodes.push(node)
    ts.forEachChild(node, visit)
  }
  visit(file.tree)
  return nodes
}

/** Static imports and re-exports, `import('x')`, `require('x')` and `import x = require('x')`. */
function importsOf(file: SourceFile): Import[] {
  const found: Import[] = []
  const add = (node: ts.Node, literal: ts.Expression | undefined) => {
    if (literal === undefined || !ts.isStringLiteralLike(literal)) return
    const specifier = literal.text
    const target = specifier.startsWith('.')
      ? toPosix(relative(ROOT, resolve(dirname(join(ROOT, file.path)), specifier)))
      : undefined
    found.push({ file, line: lineOf(file, node), specifier, target })
  }
  for (const node of nodesOf(file)) {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier)
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      add(node, node.moduleReference.expression)
    } else if (ts.isCallExpression(node)) {
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require'
      if (isDynamicImport || isRequire) add(node, node.arguments[0])
    }
  }
  return found
}

const IMPORTS = FILES.flatMap(importsOf)

/** `lodash/fp` → `lodash`, `@scope/pkg/x` → `@scope/pkg`, `node:fs/promises` stays whole. */
function packageOf(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

const describeImport = ({ file, line, specifier }: Import) =>
  `${file.path}:${line} imports '${specifier}'`

/** `a.b()` calls and `new A()` for the given names, outside comments and strings. */
function usesOf(file: SourceFile, calls: string[], constructors: string[] = []): string[] {
  const found: string[] = []
  for (const node of nodesOf(file)) {
    const where = () => `${file.path}:${lineOf(file, node)}`
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const name = node.expression.getText(file.tree)
      if (calls.includes(name)) found.push(`${where()} calls ${name}()`)
    } else if (ts.isNewExpression(node)) {
      const name = node.expression.getText(file.tree)
      if (constructors.includes(name)) found.push(`${where()} calls new ${name}()`)
    }
  }
  return found
}

/** `process.env` read in any form (`process.env.X`, `process.env['X']`, `{ env } = process`). */
function envReadsOf(file: SourceFile): string[] {
  const found: string[] = []
  for (const node of nodesOf(file)) {
    const textOf = (part: ts.Node) => part.getText(file.tree).replace(/\s/g, '')
    const isEnvAccess = ts.isPropertyAccessExpression(node) && textOf(node) === 'process.env'
    const isEnvDestructure =
      ts.isVariableDeclaration(node) &&
      ts.isObjectBindingPattern(node.name) &&
      node.initializer !== undefined &&
      textOf(node.initializer) === 'process' &&
      node.name.elements.some((element) => textOf(element.propertyName ?? element.name) === 'env')
    if (isEnvAccess || isEnvDestructure) {
      found.push(`${file.path}:${lineOf(file, node)} reads process.env`)
    }
  }
  return found
}

// Tests in src/core are not the core: they may use vitest, timers and Node; the rules are for
// the code that ships.
const CORE = FILES.filter((file) => file.path.startsWith('src/core/') && !file.isTest)

describe('dependency direction (STYLE.md section 2)', () => {
  it('should find the source files and their imports', () => {
    expect(CORE.length).toBeGreaterThan(10)
    expect(IMPORTS.some(({ specifier }) => specifier === 'zod')).toBe(true)
  })

  it('should import nothing from outside src/core in src/core', () => {
    const outside = IMPORTS.filter(
      ({ file, target }) =>
        CORE.includes(file) && target !== undefined && !target.startsWith('src/core/'),
    )
    expect(outside.map(describeImport)).toEqual([])
  })

  it('should import no Node module and no package but libphonenumber-js in src/core', () => {
    const packages = IMPORTS.filter(
      ({ file, target, specifier }) =>
        CORE.includes(file) &&
        target === undefined &&
        !CORE_PACKAGES.includes(packageOf(specifier)),
    )
    expect(packages.map(describeImport)).toEqual([])
  })

  it('should not read the clock in src/core (time is passed in)', () => {
    const uses = CORE.flatMap((file) => usesOf(file, ['Date.now', 'performance.now'], ['Date']))
    expect(uses).toEqual([])
  })

  it('should not draw randomness in src/core (a random source is passed in)', () => {
    const sources = ['Math.random', 'crypto.getRandomValues', 'crypto.randomUUID']
    const uses = CORE.flatMap((file) => usesOf(file, sources))
    expect(uses).toEqual([])
  })

  it('should import only src/core, zod and node:fs in src/config', () => {
    const wrong = IMPORTS.filter(({ file, target, specifier }) => {
      if (!file.path.startsWith('src/config/') || file.isTest) return false
      if (target !== undefined) {
        return !target.startsWith('src/config/') && !target.startsWith('src/core/')
      }
      return !CONFIG_PACKAGES.includes(packageOf(specifier))
    })
    expect(wrong.map(describeImport)).toEqual([])
  })

  it('should not import src/cli or src/api in src/engine', () => {
    const upward = IMPORTS.filter(
      ({ file, target }) =>
        file.path.startsWith('src/engine/') &&
        target !== undefined &&
        (target.startsWith('src/cli/') || target.startsWith('src/api/')),
    )
    expect(upward.map(describeImport)).toEqual([])
  })

  it('should load database drivers only in src/store and src/engine/open-engine.ts', () => {
    const drivers = IMPORTS.filter(
      ({ file, specifier }) =>
        DATABASE_DRIVERS.includes(packageOf(specifier)) &&
        !DRIVER_IMPORTERS.some((allowed) => file.path.startsWith(allowed)),
    )
    expect(drivers.map(describeImport)).toEqual([])
  })

  it('should read process.env only in src/config, src/bench and src/cli', () => {
    const reads = FILES.filter(
      (file) => !ENV_READERS.some((reader) => file.path.startsWith(reader)),
    ).flatMap(envReadsOf)
    expect(reads).toEqual([])
  })
})
