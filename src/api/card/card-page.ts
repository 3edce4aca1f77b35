/**
 * The customer-facing digital card: the QR code images, the JSON body the card page polls, and
 * the page itself. The page names no one: it shows a QR code of the device's current payload
 * (`formatCardPayload`), a countdown to the next code and a message when the card stops working.
 *
 * The page is one self-contained HTML document (inline CSS and JS, no external assets), built to
 * be served under a strict Content-Security-Policy: no inline handlers or style attributes, the
 * one <style> and one <script> carry the nonce, and the values the script needs travel in
 * HTML-escaped data attributes rather than inside the script. See `cardPageCsp` for the header.
 */
import QRCode from 'qrcode'

import { InputError, parseCardPayload, TOTP_STEP_MS, type Issue } from '../../core/index.js'

/** The JSON that the card page fetches from its `codeUrl`. */
export interface CardCodeBody {
  /** The QR text, exactly as `formatCardPayload` made it. */
  payload: string
  /** The QR code as a PNG, `data:image/png;base64,…`. */
  pngDataUrl: string
  /** The QR code as an SVG document, scaling to its container. */
  svg: string
  /** Seconds, to the millisecond, until the current TOTP step ends: in (0, stepSeconds]. */
  validForSeconds: number
}

export interface CardPageOptions {
  /** URL the page fetches `CardCodeBody` from; same origin as the page under `cardPageCsp`. */
  codeUrl: string
  /** The longest one code stays on screen before the page fetches again, and the countdown
   * bar's full width; from 1 to 300. Pass the TOTP step (30). */
  refreshSeconds: number
  /** Heading and document title; default 'Your card'. Never personal data. */
  title?: string
  /** CSP nonce put on the page's <style> and <script>: base64, at least 22 characters. */
  nonce?: string
}

/** Level M restores up to 15 % of the code: a scratched screen protector, a glare spot. */
const QR_ERROR_CORRECTION = 'M'
/** The quiet zone the QR standard asks for around the code, in modules. */
const QR_MARGIN_MODULES = 4
/** PNG pixels per module: a card payload is a version 2 code (25 + 2 × 4 modules), 396 px wide. */
const QR_MODULE_PX = 12

const DEFAULT_STEP_SECONDS = TOTP_STEP_MS / 1000
const MAX_STEP_SECONDS = 3600
const DEFAULT_TITLE = 'Your card'
const MAX_TITLE_LENGTH = 100
const MAX_CODE_URL_LENGTH = 2048
const MIN_REFRESH_SECONDS = 1
const MAX_REFRESH_SECONDS = 300
/** 22 base64 characters carry 128 bits, the least a CSP nonce should. */
const MIN_NONCE_LENGTH = 22
const MAX_NONCE_LENGTH = 256
/** The CSP grammar's base64-value (standard or URL-safe alphabet), so no escaping can matter. */
const NONCE_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/

/**
 * The QR code of a card payload, as an SVG document and a PNG data URL: error correction level
 * M, a 4-module quiet zone, 12 px modules in the PNG. Throws InputError
 * (ERR_CARD_PAGE_INPUT_INVALID) when `payload` is not exactly a card payload, so that the card
 * can never be made to show other text.
 */
export async function renderCardQr(payload: string): Promise<{ svg: string; pngDataUrl: string }> {
  throwIfIssues('renderCardQr', payloadIssues(payload), 'pass the text formatCardPayload returns')
  const options = { errorCorrectionLevel: QR_ERROR_CORRECTION, margin: QR_MARGIN_MODULES } as const
  const [svg, pngDataUrl] = await Promise.all([
    QRCode.toString(payload, { ...options, type: 'svg' }),
    QRCode.toDataURL(payload, { ...options, type: 'image/png', scale: QR_MODULE_PX }),
  ])
  return { svg, pngDataUrl }
}

/**
 * The body of the card page's code request at `nowMs` (milliseconds since the epoch), for a
 * payload made with the code of the TOTP step that `nowMs` falls in. `validForSeconds` counts
 * down to the end of that step: a whole `stepSeconds` at its first millisecond, never 0. Throws
 * InputError (ERR_CARD_PAGE_INPUT_INVALID) for a bad payload, time or step.
 */
export async function cardCodeBody(
  payload: string,
  nowMs: number,
  stepSeconds = DEFAULT_STEP_SECONDS,
): Promise<CardCodeBody> {
  const issues = payloadIssues(payload)
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs) || nowMs < 0) {
    issues.push({
      path: ['nowMs'],
      code: 'invalid_time',
      message: 'expected milliseconds since the epoch, a finite number from 0',
    })
  }
  if (!Number.isInteger(stepSeconds) || stepSeconds < 1 || stepSeconds > MAX_STEP_SECONDS) {
    issues.push({
      path: ['stepSeconds'],
      code: 'invalid_value',
      message: `expected a whole number of seconds from 1 to ${MAX_STEP_SECONDS}`,
    })
  }
  throwIfIssues(
    'cardCodeBody',
    issues,
    "pass the text formatCardPayload returns, the clock's time and the TOTP step",
  )
  const stepMs = stepSeconds * 1000
  // Rounded up to the millisecond so a fraction of a millisecond left still reads as > 0.
  const leftMs = Math.ceil(stepMs - (nowMs % stepMs))
  const { svg, pngDataUrl } = await renderCardQr(payload)
  return { payload, pngDataUrl, svg, validForSeconds: leftMs / 1000 }
}

/**
 * The card page: a complete HTML document that fetches `codeUrl` on load, again when the code
 * shown runs out (at the latest every `refreshSeconds`) and when the phone wakes the page, and
 * shows the QR code large and centred with a countdown bar. A 404 or 410 ends the card ("This
 * card is no longer active"); other failures show a message and are retried with backoff.
 * Every value is HTML-escaped. Throws InputError (ERR_CARD_PAGE_INPUT_INVALID) for bad options.
 */
export function renderCardPage(options: CardPageOptions): string {
  const { codeUrl, refreshSeconds, title = DEFAULT_TITLE, nonce } = options
  throwIfIssues(
    'renderCardPage',
    pageIssues(codeUrl, refreshSeconds, title, nonce),
    'pass the code URL, the TOTP step as refreshSeconds and, under a CSP, a fresh nonce',
  )
  const nonceAttribute = nonce === undefined ? '' : ` nonce="${escapeHtml(nonce)}"`
  const heading = escapeHtml(title.trim())
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${heading}</title>
<style${nonceAttribute}>${PAGE_CSS}</style>
</head>
<body>
<main id="card" data-code-url="${escapeHtml(codeUrl)}" data-refresh-seconds="${refreshSeconds}">
<h1>${heading}</h1>
<p id="hint" class="hint">Show this code at the till. It changes by itself, so a screenshot will not work.</p>
<div class="qr"><img id="qr" alt="QR code of your card" width="396" height="396" hidden></div>
<div id="bar" class="bar" role="progressbar" aria-label="Time until the code changes" aria-valuemin="0" aria-valuemax="${refreshSeconds}" aria-valuenow="${refreshSeconds}" hidden><span id="bar-fill"></span></div>
<p id="countdown" class="countdown" hidden></p>
<p id="message" class="message" role="status">Loading your card…</p>
</main>
<script${nonceAttribute}>${PAGE_SCRIPT}</script>
</body>
</html>
`
}

/**
 * The Content-Security-Policy to serve the card page with: nothing loads but the page's own
 * nonced style and script, data: images and requests to the page's origin.
 */
export function cardPageCsp(nonce: string): string {
  throwIfIssues('cardPageCsp', nonceIssues(nonce), 'pass the nonce given to renderCardPage')
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    'img-src data:',
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Issues with a payload, giving lengths only: the text holds a live code. */
function payloadIssues(payload: unknown): Issue[] {
  if (typeof payload !== 'string') {
    return [
      { path: ['payload'], code: 'invalid_type', message: `expected a string, received ${typeof payload}` },
    ]
  }
  // parseCardPayload forgives the whitespace a scanner adds; text to be drawn may not have it.
  if (payload.trim() !== payload) {
    return [
      {
        path: ['payload'],
        code: 'invalid_format',
        message: `expected no whitespace around the payload, received ${payload.length} characters`,
      },
    ]
  }
  const parsed = parseCardPayload(payload)
  return parsed.ok ? [] : [{ path: ['payload'], code: 'invalid_format', message: parsed.message }]
}

function pageIssues(codeUrl: unknown, refreshSeconds: unknown, title: unknown, nonce: unknown): Issue[] {
  const issues: Issue[] = []
  if (
    typeof codeUrl !== 'string' ||
    codeUrl.length === 0 ||
    codeUrl.length > MAX_CODE_URL_LENGTH ||
    hasControlCharacter(codeUrl)
  ) {
    // Never the URL itself: it carries the device token, which is the card's credential.
    const received = typeof codeUrl === 'string' ? `${codeUrl.length} characters` : typeof codeUrl
    issues.push({
      path: ['codeUrl'],
      code: 'invalid_format',
      message: `expected a URL of 1 to ${MAX_CODE_URL_LENGTH} characters without control characters, received ${received}`,
    })
  }
  if (
    typeof refreshSeconds !== 'number' ||
    !Number.isFinite(refreshSeconds) ||
    refreshSeconds < MIN_REFRESH_SECONDS ||
    refreshSeconds > MAX_REFRESH_SECONDS
  ) {
    issues.push({
      path: ['refreshSeconds'],
      code: 'invalid_value',
      message: `expected seconds from ${MIN_REFRESH_SECONDS} to ${MAX_REFRESH_SECONDS}`,
    })
  }
  if (typeof title !== 'string' || title.trim().length === 0 || title.length > MAX_TITLE_LENGTH) {
    const received = typeof title === 'string' ? `${title.length} characters` : typeof title
    issues.push({
      path: ['title'],
      code: 'invalid_format',
      message: `expected 1 to ${MAX_TITLE_LENGTH} characters, received ${received}`,
    })
  }
  if (nonce !== undefined) issues.push(...nonceIssues(nonce))
  return issues
}

function nonceIssues(nonce: unknown): Issue[] {
  if (
    typeof nonce === 'string' &&
    nonce.length >= MIN_NONCE_LENGTH &&
    nonce.length <= MAX_NONCE_LENGTH &&
    NONCE_PATTERN.test(nonce)
  ) {
    return []
  }
  const received = typeof nonce === 'string' ? `${nonce.length} characters` : typeof nonce
  return [
    {
      path: ['nonce'],
      code: 'invalid_format',
      message: `expected ${MIN_NONCE_LENGTH} to ${MAX_NONCE_LENGTH} base64 characters, such as randomBytes(16).toString('base64'), received ${received}`,
    },
  ]
}

function hasControlCharacter(text: string): boolean {
  for (let k = 0; k < text.length; k++) {
    const unit = text.charCodeAt(k)
    if (unit < 0x20 || unit === 0x7f) return true
  }
  return false
}

function throwIfIssues(where: string, issues: Issue[], advice: string): void {
  if (issues.length === 0) return
  throw new InputError({
    code: 'ERR_CARD_PAGE_INPUT_INVALID',
    message: `${where}: ${issues
      .map((issue) => `${issue.path.join('.')} ${issue.message}`)
      .join('; ')}; ${advice}`,
    issues,
  })
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Safe in text and in quoted attribute values alike. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character])
}

const PAGE_CSS = `
:root { color-scheme: light dark; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
body { margin: 0; min-height: 100vh; min-height: 100dvh; display: flex; align-items: center; justify-content: center; background: Canvas; color: CanvasText; }
main { box-sizing: border-box; width: min(100%, 30rem); padding: 1.25rem; text-align: center; }
h1 { margin: 0 0 0.25rem; font-size: 1.375rem; }
.hint { margin: 0 0 1rem; line-height: 1.4; }
.qr { width: min(100%, 70vh); margin: 0 auto; border-radius: 0.75rem; background: #fff; overflow: hidden; }
.qr img { display: block; width: 100%; height: auto; image-rendering: pixelated; }
.bar { height: 0.5rem; margin: 1rem auto 0.5rem; width: min(100%, 70vh); border-radius: 0.25rem; background: #8884; overflow: hidden; }
.bar span { display: block; height: 100%; background: #1a7f37; transform-origin: left center; transition: transform 0.25s linear; }
.countdown { margin: 0; font-variant-numeric: tabular-nums; }
.message { margin: 1rem 0 0; font-size: 1.125rem; font-weight: 600; }
[hidden] { display: none !important; }
@media (prefers-reduced-motion: reduce) { .bar span { transition: none; } }
`

// Plain ES2017 for any phone browser. Everything it needs comes from the data attributes; it
// writes only text, the image's src, and CSSOM transforms (which a CSP does not block).
const PAGE_SCRIPT = `
;(function () {
  'use strict'
  var FETCH_TIMEOUT_MS = 10000
  var MIN_DELAY_MS = 1000
  var FIRST_RETRY_MS = 2000
  var MAX_RETRY_MS = 30000
  var TICK_MS = 250
  var byId = function (id) { return document.getElementById(id) }
  var card = byId('card')
  var codeUrl = card.dataset.codeUrl
  var refreshMs = Number(card.dataset.refreshSeconds) * 1000
  var hint = byId('hint')
  var image = byId('qr')
  var bar = byId('bar')
  var fill = byId('bar-fill')
  var countdown = byId('countdown')
  var message = byId('message')
  var fetchTimer = 0
  var tickTimer = 0
  var expiresAt = -Infinity
  var failures = 0
  var active = true
  var loading = false

  function say(text) {
    message.textContent = text
    message.hidden = text === ''
  }

  function schedule(delayMs) {
    clearTimeout(fetchTimer)
    fetchTimer = setTimeout(load, Math.max(delayMs, MIN_DELAY_MS))
  }

  function tick() {
    if (image.hidden) return
    var leftMs = expiresAt - performance.now()
    // A till accepts the code of the step before, so an old code is kept one step more.
    if (leftMs <= -refreshMs) {
      image.hidden = true
      bar.hidden = true
      countdown.hidden = true
      return
    }
    var seconds = Math.max(0, Math.ceil(leftMs / 1000))
    fill.style.transform = 'scaleX(' + Math.max(0, Math.min(1, leftMs / refreshMs)) + ')'
    bar.setAttribute('aria-valuenow', String(seconds))
    bar.setAttribute('aria-valuetext', seconds + ' seconds left')
    countdown.textContent = leftMs > 0 ? 'New code in ' + seconds + ' s' : 'Getting a new code…'
  }

  function show(body) {
    failures = 0
    image.src = body.pngDataUrl
    image.hidden = false
    bar.hidden = false
    countdown.hidden = false
    say('')
    var validMs = body.validForSeconds * 1000
    expiresAt = performance.now() + validMs
    tick()
    schedule(Math.min(validMs, refreshMs))
  }

  function fail() {
    failures += 1
    say(navigator.onLine === false
      ? 'You are offline. The code will update when you are back online.'
      : 'Could not update the code. Trying again…')
    schedule(Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * Math.pow(2, failures - 1)))
  }

  function end() {
    active = false
    clearTimeout(fetchTimer)
    clearInterval(tickTimer)
    image.hidden = true
    image.removeAttribute('src')
    hint.hidden = true
    bar.hidden = true
    countdown.hidden = true
    say('This card is no longer active. Ask at the till for a new one.')
  }

  function usable(body) {
    return body !== null && typeof body === 'object' &&
      typeof body.pngDataUrl === 'string' && body.pngDataUrl.indexOf('data:image/png;base64,') === 0 &&
      typeof body.validForSeconds === 'number' && body.validForSeconds > 0
  }

  function load() {
    if (!active || loading) return
    loading = true
    clearTimeout(fetchTimer)
    var controller = new AbortController()
    var abortTimer = setTimeout(function () { controller.abort() }, FETCH_TIMEOUT_MS)
    fetch(codeUrl, {
      cache: 'no-store',
      credentials: 'omit',
      headers: { Accept: 'application/json' },
      signal: controller.signal,
    })
      .then(function (response) {
        if (response.status === 404 || response.status === 410) return end()
        if (!response.ok) throw new Error('status ' + response.status)
        return response.json().then(function (body) {
          if (!usable(body)) throw new Error('unexpected body')
          show(body)
        })
      })
      .catch(fail)
      .then(function () {
        clearTimeout(abortTimer)
        loading = false
      })
  }

  // Phones stop timers in the background: on the way back, fetch at once if the code ran out.
  function wake() {
    if (document.visibilityState === 'visible' && performance.now() >= expiresAt) load()
  }
  document.addEventListener('visibilitychange', wake)
  window.addEventListener('pageshow', wake)
  window.addEventListener('online', function () { if (failures > 0) load() })

  tickTimer = setInterval(tick, TICK_MS)
  load()
})()
`
