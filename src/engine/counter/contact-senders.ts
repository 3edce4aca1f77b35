/**
 * Delivery of one-time codes to a customer's email address or phone, for the till's ownership
 * check. A message carries the code and its lifetime, nothing else about the customer, and no
 * error or log line built here names the address or number it was sent to.
 *
 * Settings (the SMTP URL, the webhook URL) are passed in: reading TESSERA_SMTP_URL and the like
 * is the config layer's job (STYLE.md C1).
 */
import { createTransport } from 'nodemailer'

import { InputError, UnavailableError, type Issue } from '../../core/index.js'

export const CONTACT_CHANNELS = ['email', 'sms'] as const
export type ContactChannel = (typeof CONTACT_CHANNELS)[number]

export interface ContactMessage {
  channel: ContactChannel
  /** The email address or the phone number (E.164, '+34612345678'). */
  to: string
  /** The one-time code: digits only, so a code can never carry text into the message. */
  code: string
  expiresInMinutes: number
  /** BCP 47 tag; 'es…' gets Spanish, anything else English. */
  locale?: string
}

/**
 * Sends a one-time code. Resolves once the provider accepted the message. Throws InputError
 * (ERR_CONTACT_MESSAGE_INVALID) for a message this sender cannot carry, UnavailableError
 * (ERR_CONTACT_SEND_FAILED) when the provider failed or did not answer in time.
 */
export interface ContactSender {
  send(message: ContactMessage): Promise<void>
}

/** SMTP connect, greeting and idle-socket limit: a customer is waiting at the till. */
export const DEFAULT_SMTP_TIMEOUT_MS = 15_000
/** Time the SMS webhook has to answer. */
export const DEFAULT_SMS_WEBHOOK_TIMEOUT_MS = 10_000

const CODE_PATTERN = /^[0-9]{4,10}$/
/** Longest `to` accepted: an email address is at most 254 characters (RFC 5321 4.5.3.1.3). */
const MAX_TO_LENGTH = 254
const E164_PATTERN = /^\+[1-9][0-9]{6,14}$/
/**
 * One plain address: no spaces, and none of the characters that make an address list, a
 * display name or a comment (`,;<>()"[]\`), so `to` can only ever name one mailbox.
 */
const SINGLE_ADDRESS_PATTERN = /^[^\s@,;<>()"[\]\\]+@[^\s@,;<>()"[\]\\]+$/

const plural = (count: number, word: string) => (count === 1 ? word : `${word}s`)

/** Message texts per language; the code and the minutes are the only values put in. */
const TEXTS = {
  en: {
    subject: 'Your verification code',
    body: (code: string, minutes: number) =>
      `Your verification code is ${code}. It expires in ${minutes} ${plural(minutes, 'minute')}.`,
    ignore: 'If you did not ask for this code, you can ignore this message.',
  },
  es: {
    subject: 'Tu código de verificación',
    body: (code: string, minutes: number) =>
      `Tu código de verificación es ${code}. Caduca en ${minutes} ${plural(minutes, 'minuto')}.`,
    ignore: 'Si no has pedido este código, puedes ignorar este mensaje.',
  },
} as const

const textsFor = (locale: string | undefined) =>
  locale?.toLowerCase().startsWith('es') === true ? TEXTS.es : TEXTS.en

export interface SmtpEmailSenderOptions {
  /**
   * `smtp://user:pass@host:port` (STARTTLS when the server offers it) or `smtps://…` (TLS from
   * the start). Percent-encode special characters of the user and password. Nodemailer reads
   * query parameters as options, e.g. `?requireTLS=true` to refuse a plain-text connection.
   */
  url: string
  /** The From header: 'no-reply@shop.example' or 'Shop <no-reply@shop.example>'. */
  from: string
  /** Default DEFAULT_SMTP_TIMEOUT_MS. */
  timeoutMs?: number
}

/** Sends codes by email through one SMTP server (nodemailer, a new connection per message). */
export class SmtpEmailSender implements ContactSender {
  readonly #transport: ReturnType<typeof createTransport>
  readonly #from: string
  /** `host:port`, for messages: the URL itself holds the password. */
  readonly #server: string

  /** Throws InputError (ERR_CONTACT_SENDER_CONFIG_INVALID) for a bad URL, from or timeout. */
  constructor(options: SmtpEmailSenderOptions) {
    const issues: Issue[] = []
    const url = parseUrl(options.url, ['smtp:', 'smtps:'], 'url', issues)
    if (!isHeaderSafe(options.from) || !options.from.includes('@')) {
      issues.push({
        path: ['from'],
        code: 'invalid_format',
        message: "expected an address such as 'Shop <no-reply@shop.example>'",
      })
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS
    checkTimeout(timeoutMs, issues)
    if (url === undefined || issues.length > 0) throw configError('SmtpEmailSender', issues)

    this.#from = options.from
    this.#server = `${url.hostname}:${url.port || (url.protocol === 'smtps:' ? '465' : '587')}`
    this.#transport = createTransport({
      url: options.url,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    })
  }

  async send(message: ContactMessage): Promise<void> {
    checkMessage(message, 'email')
    const texts = textsFor(message.locale)
    try {
      await this.#transport.sendMail({
        from: this.#from,
        // An object, not a string, so nodemailer takes it as one address and parses no list.
        to: { name: '', address: message.to },
        subject: texts.subject,
        text: `${texts.body(message.code, message.expiresInMinutes)}\n\n${texts.ignore}\n`,
      })
    } catch (error) {
      // The cause is left out on purpose: an SMTP reply often quotes the recipient
      // ("550 <ana@example.com>: unknown user"), and errors get logged (STYLE.md E8). The
      // nodemailer code and the SMTP status say what failed.
      const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown }
      const detail = [
        typeof code === 'string' ? code : undefined,
        typeof responseCode === 'number' ? `SMTP ${responseCode}` : undefined,
      ].filter((part) => part !== undefined)
      throw new UnavailableError({
        code: 'ERR_CONTACT_SEND_FAILED',
        message: `could not send the verification email through ${this.#server}${
          detail.length > 0 ? ` (${detail.join(', ')})` : ''
        }; check the SMTP URL and that the mail server is up, then ask for a new code`,
      })
    }
  }

  /** Closes the transport's sockets, if any are open. */
  close(): void {
    this.#transport.close()
  }
}

export interface WebhookSmsSenderOptions {
  /** An http(s) URL that takes POST `{ "to": "+34…", "text": "…" }` and answers 2xx. */
  url: string
  /** Extra request headers, such as `{ authorization: 'Bearer …' }`. */
  headers?: Readonly<Record<string, string>>
  /** Default DEFAULT_SMS_WEBHOOK_TIMEOUT_MS. */
  timeoutMs?: number
}

/**
 * Sends codes by SMS through an HTTP webhook (the SMS provider, or a small relay in front of
 * it): one JSON POST per message. Redirects are not followed: a webhook that moved is a
 * configuration to fix, not a POST to replay elsewhere.
 */
export class WebhookSmsSender implements ContactSender {
  readonly #url: string
  readonly #headers: Readonly<Record<string, string>>
  readonly #timeoutMs: number
  /** The host alone, for messages: the path or query may hold a token. */
  readonly #host: string

  /** Throws InputError (ERR_CONTACT_SENDER_CONFIG_INVALID) for a bad URL or timeout. */
  constructor(options: WebhookSmsSenderOptions) {
    const issues: Issue[] = []
    const url = parseUrl(options.url, ['http:', 'https:'], 'url', issues)
    const timeoutMs = options.timeoutMs ?? DEFAULT_SMS_WEBHOOK_TIMEOUT_MS
    checkTimeout(timeoutMs, issues)
    if (url === undefined || issues.length > 0) throw configError('WebhookSmsSender', issues)

    this.#url = options.url
    this.#headers = { ...options.headers }
    this.#timeoutMs = timeoutMs
    this.#host = url.host
  }

  async send(message: ContactMessage): Promise<void> {
    checkMessage(message, 'sms')
    const texts = textsFor(message.locale)
    const text = texts.body(message.code, message.expiresInMinutes)
    let response: Response
    try {
      response = await fetch(this.#url, {
        method: 'POST',
        headers: { ...this.#headers, 'content-type': 'application/json' },
        body: JSON.stringify({ to: message.to, text }),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      })
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError'
      throw new UnavailableError({
        code: 'ERR_CONTACT_SEND_FAILED',
        message: timedOut
          ? `the SMS webhook at ${this.#host} did not answer within ${this.#timeoutMs} ms; check that it is up, then ask for a new code`
          : `could not reach the SMS webhook at ${this.#host}; check its URL and that it is up, then ask for a new code`,
        // A network error names the host and the socket, not the message: safe to keep.
        cause: error,
      })
    }
    // The body is dropped unread: it may echo the number, and cancelling frees the connection.
    // A failed cancel changes nothing about the outcome, which the status already gave.
    await response.body?.cancel().catch(() => undefined)
    if (!response.ok) {
      throw new UnavailableError({
        code: 'ERR_CONTACT_SEND_FAILED',
        message: `the SMS webhook at ${this.#host} answered HTTP ${response.status}; expected 2xx. Check its logs and settings, then ask for a new code`,
      })
    }
  }
}

/** Every problem with the message at once (STYLE.md E6), without repeating `to` or `code`. */
function checkMessage(message: ContactMessage, channel: ContactChannel): void {
  const issues: Issue[] = []
  if (message.channel !== channel) {
    issues.push({
      path: ['channel'],
      code: 'invalid_value',
      message: `this sender sends ${channel} only`,
    })
  }
  const to = message.to
  const toOk =
    typeof to === 'string' &&
    isHeaderSafe(to) &&
    to.length <= MAX_TO_LENGTH &&
    (channel === 'sms' ? E164_PATTERN : SINGLE_ADDRESS_PATTERN).test(to)
  if (!toOk) {
    issues.push({
      path: ['to'],
      code: 'invalid_format',
      message:
        channel === 'sms'
          ? `expected a phone number in E.164 form (+ and 7 to 15 digits), received ${lengthOf(to)}`
          : `expected one email address, received ${lengthOf(to)}`,
    })
  }
  if (typeof message.code !== 'string' || !CODE_PATTERN.test(message.code)) {
    issues.push({ path: ['code'], code: 'invalid_format', message: 'expected 4 to 10 digits' })
  }
  if (!Number.isInteger(message.expiresInMinutes) || message.expiresInMinutes < 1) {
    issues.push({
      path: ['expiresInMinutes'],
      code: 'invalid_value',
      message: 'expected a whole number of minutes from 1',
    })
  }
  if (issues.length === 0) return
  throw new InputError({
    code: 'ERR_CONTACT_MESSAGE_INVALID',
    message: `cannot send this ${channel} code: ${issues
      .map((issue) => `${issue.path.join('.')} ${issue.message}`)
      .join('; ')}`,
    issues,
  })
}

/** Parses a URL into `issues` without ever quoting it: it may hold a password or a token. */
function parseUrl(
  text: string,
  protocols: string[],
  field: string,
  issues: Issue[],
): URL | undefined {
  const expected = `expected a ${protocols.map((protocol) => `${protocol}//`).join(' or ')} URL`
  let url: URL
  try {
    url = new URL(text)
  } catch {
    issues.push({
      path: [field],
      code: 'invalid_format',
      message: `${expected}, received ${lengthOf(text)} that do not parse as a URL`,
    })
    return undefined
  }
  if (!protocols.includes(url.protocol) || url.hostname === '') {
    issues.push({
      path: [field],
      code: 'invalid_format',
      message: `${expected} with a host, received protocol ${url.protocol}`,
    })
    return undefined
  }
  return url
}

function checkTimeout(timeoutMs: number, issues: Issue[]): void {
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
    issues.push({
      path: ['timeoutMs'],
      code: 'invalid_value',
      message: 'expected a whole number of milliseconds from 1',
    })
  }
}

const configError = (sender: string, issues: Issue[]) =>
  new InputError({
    code: 'ERR_CONTACT_SENDER_CONFIG_INVALID',
    message: `${sender} settings: ${issues
      .map((issue) => `${issue.path.join('.')} ${issue.message}`)
      .join('; ')}`,
    issues,
  })

/** No line breaks or other control characters: they would let a value start a new header. */
const isHeaderSafe = (text: unknown): text is string =>
  typeof text === 'string' && text.trim() !== '' && !/[\u0000-\u001f\u007f]/.test(text)

const lengthOf = (value: unknown) =>
  typeof value === 'string' ? `${value.length} characters` : typeof value
