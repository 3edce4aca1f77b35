import { runInNewContext } from 'node:vm'

import jsQRModule from 'jsqr'
import { PNG as Png } from 'pngjs'
import { describe, expect, it } from 'vitest'

import { formatCardPayload, IdentityError, totpCode } from '../../core/index.js'
import { cardCodeBody, cardPageCsp, renderCardPage, renderCardQr } from './card-page.js'

// jsqr is CommonJS with an ES-style default export; under NodeNext its function is `.default`.
const jsQR = jsQRModule.default

// RFC 6238's SHA-1 test secret and a device reference in the shape createDeviceRef mints.
const SECRET = new TextEncoder().encode('12345678901234567890')
const DEVICE_REF = '7ZK3M9Q2XW4HD8RT'
const STEP_START_MS = 1_700_000_010_000 // a multiple of 30 000
const NONCE = 'bm9uY2Utb2YtMTYtYnl0ZXM='
const CODE_URL = '/card/Qk9HVVMtdG9rZW4/code'

async function cardPayload(timeMs: number, digits: 6 | 8 = 6): Promise<string> {
  return formatCardPayload({ deviceRef: DEVICE_REF, code: await totpCode(SECRET, timeMs, { digits }) })
}

function decodePng(dataUrl: string): Png {
  const prefix = 'data:image/png;base64,'
  expect(dataUrl.startsWith(prefix)).toBe(true)
  return Png.sync.read(Buffer.from(dataUrl.slice(prefix.length), 'base64'))
}

function readQr(dataUrl: string): { text: string; version: number } {
  const png = decodePng(dataUrl)
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
  if (found === null) throw new Error('no QR code found in the PNG')
  return { text: found.data, version: found.version }
}

/** Whether the module at (row, column) of the symbol, quiet zone excluded, is dark. */
function isDark(png: Png, row: number, column: number): boolean {
  const modulePx = 12
  const marginPx = 4 * modulePx
  const x = marginPx + column * modulePx + modulePx / 2
  const y = marginPx + row * modulePx + modulePx / 2
  return png.data[(y * png.width + x) * 4] < 128
}

describe('renderCardQr', () => {
  it('should draw a PNG that decodes to exactly the payload when given a 6-digit card payload', async () => {
    const payload = await cardPayload(STEP_START_MS)
    const { pngDataUrl } = await renderCardQr(payload)
    expect(readQr(pngDataUrl)).toEqual({ text: payload, version: 2 })
  })

  it('should draw a PNG that decodes to exactly the payload when given an 8-digit card payload', async () => {
    const payload = await cardPayload(STEP_START_MS, 8)
    const { pngDataUrl } = await renderCardQr(payload)
    expect(readQr(pngDataUrl).text).toBe(payload)
  })

  it('should draw 12 px modules inside a white 4-module quiet zone when drawing the PNG', async () => {
    const { pngDataUrl } = await renderCardQr(await cardPayload(STEP_START_MS))
    const png = decodePng(pngDataUrl)
    // Version 2 is 25 modules; with 4 on each side, 33 modules of 12 px.
    expect([png.width, png.height]).toEqual([396, 396])
    const quietZone = [...Array(48 * png.width).keys()].map((pixel) => png.data[pixel * 4])
    expect(Math.min(...quietZone)).toBe(255)
    expect(isDark(png, 0, 0)).toBe(true) // the finder pattern's corner
  })

  it('should use error correction level M when drawing the code', async () => {
    const png = decodePng((await renderCardQr(await cardPayload(STEP_START_MS))).pngDataUrl)
    // Format bits 14 and 13 sit at (8, 0) and (8, 1), masked with 1 and 0; M is 00 (ISO 18004 7.9).
    const levelBits = [isDark(png, 8, 0) !== true, isDark(png, 8, 1) !== false]
    expect(levelBits).toEqual([false, false])
  })

  it('should draw an SVG of 33 modules with the quiet zone when drawing the SVG', async () => {
    const { svg } = await renderCardQr(await cardPayload(STEP_START_MS))
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg).toContain('viewBox="0 0 33 33"')
  })

  it.each([
    ['plain text', 'hello'],
    ['a lower-case payload', 'tsr1.7zk3m9q2xw4hd8rt.287082'],
    ['a payload with a trailing newline', `TSR1.${DEVICE_REF}.287082\n`],
    ['an empty string', ''],
  ])('should refuse to draw %s', async (_label, text) => {
    const error: unknown = await renderCardQr(text).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(IdentityError)
    expect(error).toMatchObject({ kind: 'invalid_input', code: 'ERR_CARD_PAGE_INPUT_INVALID' })
    if (text !== '') expect((error as Error).message).not.toContain(text.trim())
  })
})

describe('cardCodeBody', () => {
  it('should return the payload and its QR code when given a card payload', async () => {
    const payload = await cardPayload(STEP_START_MS)
    const body = await cardCodeBody(payload, STEP_START_MS)
    expect(Object.keys(body).sort()).toEqual(['payload', 'pngDataUrl', 'svg', 'validForSeconds'])
    expect(body.payload).toBe(payload)
    expect(readQr(body.pngDataUrl).text).toBe(payload)
    expect(body.svg).toContain('<svg')
  })

  it.each([
    ['0 s', 0, 30],
    ['29.9 s', 29_900, 0.1],
    ['29.999 s', 29_999, 0.001],
    ['30 s', 30_000, 30],
    ['45 s', 45_000, 15],
  ])('should give validForSeconds for the rest of the step when %s into it', async (_label, intoMs, left) => {
    const nowMs = STEP_START_MS + intoMs
    const body = await cardCodeBody(await cardPayload(nowMs), nowMs)
    expect(body.validForSeconds).toBeCloseTo(left, 9)
  })

  it('should count down a longer step when given stepSeconds', async () => {
    const nowMs = 1_700_000_040_000 + 30_000 // halfway through a 60 s step
    const body = await cardCodeBody(await cardPayload(nowMs), nowMs, 60)
    expect(body.validForSeconds).toBe(30)
  })

  it('should report every bad argument at once when given a bad time and step', async () => {
    const error: unknown = await cardCodeBody('nope', Number.NaN, 0).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'ERR_CARD_PAGE_INPUT_INVALID' })
    expect((error as IdentityError).issues.map((issue) => issue.path.join('.'))).toEqual([
      'payload',
      'nowMs',
      'stepSeconds',
    ])
  })
})

describe('renderCardPage', () => {
  it('should be a complete HTML document that loads nothing from elsewhere', () => {
    const html = renderCardPage({ codeUrl: CODE_URL, refreshSeconds: 30 })
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true)
    expect(html.trimEnd().endsWith('</html>')).toBe(true)
    expect(html).not.toMatch(/\b(?:src|href)="/)
    expect(html).not.toMatch(/<link|@import|url\(/i)
    expect(html).toContain('<title>Your card</title>')
  })

  it('should contain no personal data fields', () => {
    const html = renderCardPage({ codeUrl: CODE_URL, refreshSeconds: 30 })
    expect(html).not.toMatch(/[\w.+-]+@[\w-]+\.[a-z]/i)
    expect(html).not.toMatch(/\b(?:e-?mail|phone|birth|address|surname|first_name|last_name|customer_id)\b/i)
    expect(html).not.toMatch(/\bcus_/)
  })

  it('should put the nonce on its one style and one script when given a nonce', () => {
    const html = renderCardPage({ codeUrl: CODE_URL, refreshSeconds: 30, nonce: NONCE })
    expect(html.match(/<style\b[^>]*>/g)).toEqual([`<style nonce="${NONCE}">`])
    expect(html.match(/<script\b[^>]*>/g)).toEqual([`<script nonce="${NONCE}">`])
  })

  it('should put no nonce attribute when given none', () => {
    const html = renderCardPage({ codeUrl: CODE_URL, refreshSeconds: 30 })
    expect(html).not.toContain('nonce=')
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script>'])
  })

  it('should keep to what a strict CSP allows: no inline handlers or style attributes', () => {
    const html = renderCardPage({ codeUrl: CODE_URL, refreshSeconds: 30, nonce: NONCE })
    expect(html).not.toMatch(/\son[a-z]+=/i)
    expect(html).not.toMatch(/\sstyle=/i)
    expect(html).not.toMatch(/javascript:/i)
  })

  it('should escape a code URL with quotes and angle brackets when rendering it', () => {
    const codeUrl = `/card/x"><script>alert(1)</script>'onload='alert(2)/code`
    const html = renderCardPage({ codeUrl, refreshSeconds: 30 })
    expect(html).not.toContain('<script>alert(1)')
    expect(html).not.toContain(`'onload='`)
    expect(html).toContain(
      'data-code-url="/card/x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39;onload=&#39;alert(2)/code"',
    )
    expect(html.match(/<script\b/g)).toHaveLength(1)
    expect(runCardScript(html).codeUrl).toBe(codeUrl)
  })

  it('should escape the title when rendering it', () => {
    const html = renderCardPage({ codeUrl: CODE_URL, refreshSeconds: 30, title: 'Shop <b>&</b> "Co"' })
    expect(html).toContain('<h1>Shop &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot;</h1>')
  })

  it('should report every bad option at once when given bad options', () => {
    let error: unknown
    try {
      renderCardPage({ codeUrl: '', refreshSeconds: 0, title: ' ', nonce: 'a"b' })
    } catch (caught) {
      error = caught
    }
    expect(error).toMatchObject({ kind: 'invalid_input', code: 'ERR_CARD_PAGE_INPUT_INVALID' })
    expect((error as IdentityError).issues.map((issue) => issue.path[0])).toEqual([
      'codeUrl',
      'refreshSeconds',
      'title',
      'nonce',
    ])
  })

  it('should not repeat the code URL in its error when the URL has a control character', () => {
    const codeUrl = '/card/secret-token\n/code'
    expect(() => renderCardPage({ codeUrl, refreshSeconds: 30 })).toThrowError(
      /codeUrl expected a URL .* received 24 characters/,
    )
    expect(() => renderCardPage({ codeUrl, refreshSeconds: 30 })).not.toThrowError(/secret-token/)
  })
})

describe('cardPageCsp', () => {
  it('should allow only the nonced style and script, data images and same-origin fetches', () => {
    expect(cardPageCsp(NONCE)).toBe(
      `default-src 'none'; script-src 'nonce-${NONCE}'; style-src 'nonce-${NONCE}'; img-src data:; ` +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    )
  })

  it('should refuse a nonce that is too short to guess at', () => {
    expect(() => cardPageCsp('abc')).toThrowError(/nonce expected 22 to 256 base64 characters/)
  })
})

describe('card page script', () => {
  it('should fetch the code URL without credentials when the page loads', () => {
    const page = runCardScript(renderCardPage({ codeUrl: CODE_URL, refreshSeconds: 30 }))
    expect(page.fetches).toEqual([CODE_URL])
    expect(page.lastInit).toMatchObject({ cache: 'no-store', credentials: 'omit' })
    expect(page.el('message').textContent).toBe('Loading your card…')
  })

  it('should show the QR code and count down when the code arrives', async () => {
    const page = runCardScript(renderCardPage({ codeUrl: CODE_URL, refreshSeconds: 30 }))
    await page.respond(200, codeBody(12.5))
    expect(page.el('qr').hidden).toBe(false)
    expect(page.el('qr').src).toBe(PNG)
    expect(page.el('message').hidden).toBe(true)
    expect(page.el('countdown').textContent).toBe('New code in 13 s')
    expect(page.el('bar-fill').style.transform).toBe(`scaleX(${12.5 / 30})`)
    expect(page.el('bar').attributes.get('aria-valuenow')).toBe('13')
  })

  it('should fetch again when the code runs out', async () => {
    const page = runCardScript(renderCardPage({ codeUrl: CODE_URL, refreshSeconds: 30 }))
    await page.respond(200, codeBody(12.5))
    await page.advance(12_499)
    expect(page.fetches).toHaveLength(1)
    await page.advance(1)
    expect(page.fetches).toHaveLength(2)
  })

  it('should fetch again after refreshSeconds when the code lasts longer', async () => {
    const page = runCardScript(renderCardPage({ codeUrl: CODE_URL, refreshSeconds: 10 }))
    await page.respond(200, codeBody(30))
    await page.advance(10_000)
    expect(page.fetches).toHaveLength(2)
  })

  it.each([404, 410])('should say the card is no longer active and stop when the server answers %i', async (status) => {
    const page = runCardScript(renderCardPage({ codeUrl: CODE_URL, refreshSeconds: 30 }))
    await page.respond(200, codeBody(5))
    await page.advance(5_000)
    await page.respond(status, { code: 'ERR_DEVICE_NOT_FOUND' })
    expect(page.el('message').textContent).toContain('This card is no longer active')
    expect(page.el('message').hidden).toBe(false)
    expect(page.el('qr').hidden).toBe(true)
    expect(page.el('qr').src).toBe('')
    await page.advance(600_000)
    expect(page.fetches).toHaveLength(2)
  })

  it('should say so and retry with backoff when the fetch fails', async () => {
    const page = runCardScript(renderCardPage({ codeUrl: CODE_URL, refreshSeconds: 30 }))
    await page.fail()
    expect(page.el('message').textContent).toBe('Could not update the code. Trying again…')
    await page.advance(2_000)
    expect(page.fetches).toHaveLength(2)
    await page.respond(503, {})
    await page.advance(3_999)
    expect(page.fetches).toHaveLength(2)
    await page.advance(1)
    expect(page.fetches).toHaveLength(3)
    await page.respond(200, codeBody(30))
    expect(page.el('message').hidden).toBe(true)
    expect(page.el('qr').hidden).toBe(false)
  })

  it('should treat a body without a PNG as a failure', async () => {
    const page = runCardScript(renderCardPage({ codeUrl: CODE_URL, refreshSeconds: 30 }))
    await page.respond(200, { payload: 'x', pngDataUrl: 'https://example.com/x.png', validForSeconds: 30 })
    expect(page.el('qr').hidden).toBe(true)
    expect(page.el('message').textContent).toBe('Could not update the code. Trying again…')
  })

  it('should hide a code a whole step after it ran out when no new one comes', async () => {
    const page = runCardScript(renderCardPage({ codeUrl: CODE_URL, refreshSeconds: 30 }))
    await page.respond(200, codeBody(1))
    await advanceFailingEveryFetch(page, 30_000)
    expect(page.el('qr').hidden).toBe(false)
    await advanceFailingEveryFetch(page, 1_000)
    expect(page.el('qr').hidden).toBe(true)
  })
})

async function advanceFailingEveryFetch(page: CardScriptRun, ms: number): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += 250) {
    await page.advance(250)
    if (page.pendingFetch) await page.fail()
  }
}

const PNG = 'data:image/png;base64,iVBORw0KGgo='

function codeBody(validForSeconds: number): object {
  return { payload: `TSR1.${DEVICE_REF}.287082`, pngDataUrl: PNG, svg: '<svg/>', validForSeconds }
}

interface FakeElement {
  id: string
  dataset: Record<string, string>
  hidden: boolean
  textContent: string
  src: string
  style: Record<string, string>
  attributes: Map<string, string>
  setAttribute(name: string, value: string): void
  removeAttribute(name: string): void
}

interface CardScriptRun {
  codeUrl: string
  fetches: string[]
  lastInit: unknown
  pendingFetch: boolean
  el(id: string): FakeElement
  respond(status: number, body: unknown): Promise<void>
  fail(): Promise<void>
  advance(ms: number): Promise<void>
}

/**
 * Runs the page's script against a small fake of the DOM APIs it uses, with a virtual clock:
 * enough to check its behaviour without a browser. The fake elements' data attributes and
 * `hidden` flags are read from the HTML, so the escaping is checked end to end.
 */
function runCardScript(html: string): CardScriptRun {
  const script = /<script\b[^>]*>([\s\S]*?)<\/script>/.exec(html)?.[1]
  if (script === undefined) throw new Error('no script in the page')

  const elements = new Map<string, FakeElement>()
  for (const [tag, id] of html.matchAll(/<[a-z0-9]+\b[^>]*\bid="([^"]+)"[^>]*>/g)) {
    const dataset: Record<string, string> = {}
    for (const [, name, value] of tag.matchAll(/\sdata-([a-z-]+)="([^"]*)"/g)) {
      dataset[name.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase())] =
        unescapeHtml(value)
    }
    const attributes = new Map<string, string>()
    const element: FakeElement = {
      id,
      dataset,
      hidden: /\shidden[\s>]/.test(tag),
      textContent: '',
      src: '',
      style: {},
      attributes,
      setAttribute: (name, value) => attributes.set(name, value),
      removeAttribute: (name) => {
        attributes.delete(name)
        if (name === 'src') element.src = ''
      },
    }
    element.textContent = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1] ?? ''
    elements.set(id, element)
  }

  let nowMs = 0
  let nextTimer = 1
  const timers = new Map<number, { at: number; run: () => void; everyMs?: number }>()
  const addTimer = (run: () => void, delayMs: number, everyMs?: number): number => {
    const id = nextTimer++
    timers.set(id, { at: nowMs + Math.max(0, delayMs), run, everyMs })
    return id
  }
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

  let pending: { resolve: (value: unknown) => void; reject: (error: unknown) => void } | undefined
  const run: CardScriptRun = {
    codeUrl: '',
    fetches: [],
    lastInit: undefined,
    get pendingFetch() {
      return pending !== undefined
    },
    el(id) {
      const element = elements.get(id)
      if (element === undefined) throw new Error(`no element #${id}`)
      return element
    },
    async respond(status, body) {
      if (pending === undefined) throw new Error('no fetch is waiting')
      const { resolve } = pending
      pending = undefined
      resolve({ status, ok: status >= 200 && status < 300, json: () => Promise.resolve(body) })
      await settle()
    },
    async fail() {
      if (pending === undefined) throw new Error('no fetch is waiting')
      const { reject } = pending
      pending = undefined
      reject(new TypeError('Failed to fetch'))
      await settle()
    },
    async advance(ms) {
      const until = nowMs + ms
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, timer]) => timer.at <= until)
          .sort(([, a], [, b]) => a.at - b.at)[0]
        if (due === undefined) break
        const [id, timer] = due
        nowMs = timer.at
        if (timer.everyMs === undefined) timers.delete(id)
        else timer.at += timer.everyMs
        timer.run()
        await settle()
      }
      nowMs = until
    },
  }

  const context: Record<string, unknown> = {
    document: {
      visibilityState: 'visible',
      getElementById: (id: string) => elements.get(id) ?? null,
      addEventListener: () => undefined,
    },
    navigator: { onLine: true },
    performance: { now: () => nowMs },
    AbortController,
    Error,
    TypeError,
    setTimeout: (run: () => void, delayMs: number) => addTimer(run, delayMs),
    setInterval: (run: () => void, everyMs: number) => addTimer(run, everyMs, everyMs),
    clearTimeout: (id: number) => timers.delete(id),
    clearInterval: (id: number) => timers.delete(id),
    fetch: (url: string, init: unknown) => {
      run.fetches.push(url)
      run.lastInit = init
      return new Promise((resolve, reject) => {
        pending = { resolve, reject }
      })
    },
    addEventListener: () => undefined,
  }
  context.window = context
  runInNewContext(script, context)
  run.codeUrl = run.el('card').dataset.codeUrl
  return run
}

function unescapeHtml(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" }
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_match, name: string) => named[name])
}
