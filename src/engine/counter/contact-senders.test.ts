import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterEach, describe, expect, it } from 'vitest'

import { InputError, UnavailableError } from '../../core/index.js'
import { SmtpEmailSender, WebhookSmsSender, type ContactMessage } from './contact-senders.js'

const EMAIL: ContactMessage = {
  channel: 'email',
  to: 'ana.garcia@example.com',
  code: '482913',
  expiresInMinutes: 10,
}
const SMS: ContactMessage = {
  channel: 'sms',
  to: '+34612345678',
  code: '482913',
  expiresInMinutes: 10,
}
const FROM = 'Tessera Shop <no-reply@shop.example>'

/** Things to close after each test, newest first. */
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.()
})

interface SmtpCapture {
  url: string
  messages: ParsedMail[]
  logins: string[]
}

/**
 * A real SMTP server on a free loopback port that keeps what it receives. No STARTTLS (its
 * built-in certificate is self-signed), so login is allowed in plain text, as on loopback only.
 */
async function startSmtpServer(options: { rejectRecipients?: boolean } = {}): Promise<SmtpCapture> {
  const capture: SmtpCapture = { url: '', messages: [], logins: [] }
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username !== 'till' || auth.password !== 'p@ss:word') {
        callback(new Error('Invalid username or password'))
        return
      }
      capture.logins.push(auth.username)
      callback(null, { user: auth.username })
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients !== true) {
        callback()
        return
      }
      // Real servers quote the recipient in their refusal, which must not reach our messages.
      const error = new Error(`<${address.address}>: Recipient address rejected`)
      Object.assign(error, { responseCode: 550 })
      callback(error)
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          capture.messages.push(mail)
          callback()
        },
        (error: unknown) => callback(error as Error),
      )
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  // 'p@ss:word' percent-encoded, as the URL's userinfo requires.
  capture.url = `smtp://till:p%40ss%3Aword@127.0.0.1:${port}`
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())))
  return capture
}

/** A port that nothing listens on: bound, read, released. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

function smtpSender(url: string, timeoutMs?: number): SmtpEmailSender {
  const sender = new SmtpEmailSender({ url, from: FROM, timeoutMs })
  cleanups.push(async () => sender.close())
  return sender
}

describe('SmtpEmailSender', () => {
  it('should deliver the code to the address when the server accepts it', async () => {
    const smtp = await startSmtpServer()
    await smtpSender(smtp.url).send(EMAIL)

    expect(smtp.logins).toEqual(['till'])
    expect(smtp.messages).toHaveLength(1)
    const [mail] = smtp.messages
    expect(mail.text).toMatch(/\b482913\b/)
    expect(mail.to).toMatchObject({ value: [{ address: 'ana.garcia@example.com' }] })
    expect(mail.from).toMatchObject({ value: [{ address: 'no-reply@shop.example' }] })
  })

  it('should say the code and that it expires in 10 minutes, and nothing else', async () => {
    const smtp = await startSmtpServer()
    await smtpSender(smtp.url).send(EMAIL)

    const [mail] = smtp.messages
    expect(mail.subject).toBe('Your verification code')
    expect(mail.text).toMatchInlineSnapshot(`
      "Your verification code is 482913. It expires in 10 minutes.

      If you did not ask for this code, you can ignore this message.
      "
    `)
    expect(mail.html).toBe(false)
    expect(mail.attachments).toEqual([])
  })

  it('should write in Spanish when the locale is Spanish', async () => {
    const smtp = await startSmtpServer()
    await smtpSender(smtp.url).send({ ...EMAIL, locale: 'es-ES' })

    const [mail] = smtp.messages
    expect(mail.subject).toBe('Tu código de verificación')
    expect(mail.text).toContain('Tu código de verificación es 482913. Caduca en 10 minutos.')
  })

  it('should throw UnavailableError without naming the recipient when refused', async () => {
    const smtp = await startSmtpServer({ rejectRecipients: true })
    const error: unknown = await smtpSender(smtp.url)
      .send(EMAIL)
      .catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(UnavailableError)
    expect(error).toMatchObject({ code: 'ERR_CONTACT_SEND_FAILED' })
    const { message } = error as UnavailableError
    expect(message).toMatch(
      /^could not send the verification email through 127\.0\.0\.1:\d+ \(EENVELOPE, SMTP 550\)/,
    )
    expect(message).not.toContain('ana.garcia')
    expect(JSON.stringify(error)).not.toContain('ana.garcia')
    expect((error as UnavailableError).cause).toBeUndefined()
    expect(smtp.messages).toEqual([])
  })

  it('should throw UnavailableError when the login is refused', async () => {
    const smtp = await startSmtpServer()
    const wrongPassword = smtp.url.replace('p%40ss%3Aword', 'nope')
    await expect(smtpSender(wrongPassword).send(EMAIL)).rejects.toMatchObject({
      code: 'ERR_CONTACT_SEND_FAILED',
      message: expect.stringContaining('EAUTH') as unknown,
    })
  })

  it('should throw UnavailableError when no server listens', async () => {
    const port = await closedPort()
    await expect(
      smtpSender(`smtp://till:secret@127.0.0.1:${port}`, 2_000).send(EMAIL),
    ).rejects.toBeInstanceOf(UnavailableError)
  })

  it('should throw InputError and send nothing when the message is malformed', async () => {
    const smtp = await startSmtpServer()
    const sender = smtpSender(smtp.url)
    const error: unknown = await sender
      .send({ channel: 'sms', to: 'ana garcia', code: '48 29 13', expiresInMinutes: 0 })
      .catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(InputError)
    expect(error).toMatchObject({ code: 'ERR_CONTACT_MESSAGE_INVALID' })
    expect((error as InputError).issues.map((issue) => issue.path[0])).toEqual([
      'channel',
      'to',
      'code',
      'expiresInMinutes',
    ])
    expect((error as InputError).message).not.toContain('ana garcia')
    expect(smtp.messages).toEqual([])
  })

  it.each([
    ['adds a header line', 'ana@example.com\r\nBcc: eve@example.com'],
    ['lists a second address', 'ana@example.com, eve@example.com'],
    ['hides a second address in the local part', 'ana,eve@example.com'],
    ['has a display name', 'Ana <ana@example.com>'],
  ])('should refuse a recipient that %s', async (_label, to) => {
    const smtp = await startSmtpServer()
    await expect(smtpSender(smtp.url).send({ ...EMAIL, to })).rejects.toMatchObject({
      code: 'ERR_CONTACT_MESSAGE_INVALID',
    })
    expect(smtp.messages).toEqual([])
  })

  it('should throw InputError without quoting the URL when it is not an SMTP URL', () => {
    const create = () =>
      new SmtpEmailSender({ url: 'http://till:hunter2@mail.example', from: FROM })
    expect(create).toThrow(InputError)
    expect(create).toThrow(expect.objectContaining({ code: 'ERR_CONTACT_SENDER_CONFIG_INVALID' }))
    expect(create).toThrowErrorMatchingInlineSnapshot(
      `[InputError: SmtpEmailSender settings: url expected a smtp:// or smtps:// URL with a host, received protocol http:]`,
    )
  })

  it('should throw InputError when the URL does not parse or the from address is missing', () => {
    const create = () => new SmtpEmailSender({ url: 'mail.example:25', from: '' })
    expect(create).toThrow(
      expect.objectContaining({
        issues: [
          expect.objectContaining({ path: ['url'] }),
          expect.objectContaining({ path: ['from'] }),
        ],
      }),
    )
  })
})

interface WebhookRequest {
  method: string | undefined
  headers: IncomingHttpHeaders
  body: unknown
}

/** A node:http server on a free loopback port that answers every request with `status`. */
async function startWebhook(
  answer: { status: number } | 'never',
): Promise<{ url: string; requests: WebhookRequest[] }> {
  const requests: WebhookRequest[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      requests.push({
        method: request.method,
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
      })
      if (answer === 'never') return
      response.writeHead(answer.status, { 'content-type': 'application/json' })
      // An error body that echoes the number, as some providers do; it must not reach our error.
      response.end(JSON.stringify({ error: 'failed', to: '+34612345678' }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  cleanups.push(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return { url: `http://127.0.0.1:${port}/sms?token=abc123`, requests }
}

describe('WebhookSmsSender', () => {
  it('should POST the number and the text as JSON when sending a code', async () => {
    const webhook = await startWebhook({ status: 202 })
    const sender = new WebhookSmsSender({
      url: webhook.url,
      headers: { authorization: 'Bearer test-token' },
    })
    await sender.send(SMS)

    expect(webhook.requests).toHaveLength(1)
    const [request] = webhook.requests
    expect(request.method).toBe('POST')
    expect(request.headers['content-type']).toBe('application/json')
    expect(request.headers.authorization).toBe('Bearer test-token')
    expect(request.body).toEqual({
      to: '+34612345678',
      text: 'Your verification code is 482913. It expires in 10 minutes.',
    })
  })

  it('should write in Spanish when the locale is Spanish', async () => {
    const webhook = await startWebhook({ status: 200 })
    const sender = new WebhookSmsSender({ url: webhook.url })
    await sender.send({ ...SMS, locale: 'es', expiresInMinutes: 1 })
    expect(webhook.requests[0].body).toEqual({
      to: '+34612345678',
      text: 'Tu código de verificación es 482913. Caduca en 1 minuto.',
    })
  })

  it('should throw UnavailableError naming the status when the webhook answers 500', async () => {
    const webhook = await startWebhook({ status: 500 })
    const error: unknown = await new WebhookSmsSender({ url: webhook.url })
      .send(SMS)
      .catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(UnavailableError)
    expect(error).toMatchObject({ code: 'ERR_CONTACT_SEND_FAILED' })
    const { message } = error as UnavailableError
    expect(message).toMatch(/^the SMS webhook at 127\.0\.0\.1:\d+ answered HTTP 500; expected 2xx/)
    expect(message).not.toContain('612345678')
    expect(message).not.toContain('abc123')
    expect(webhook.requests).toHaveLength(1)
  })

  it('should throw UnavailableError when the webhook answers a redirect', async () => {
    const webhook = await startWebhook({ status: 307 })
    await expect(new WebhookSmsSender({ url: webhook.url }).send(SMS)).rejects.toThrow(/HTTP 307/)
  })

  it('should throw UnavailableError when the webhook does not answer in time', async () => {
    const webhook = await startWebhook('never')
    const sender = new WebhookSmsSender({ url: webhook.url, timeoutMs: 200 })
    await expect(sender.send(SMS)).rejects.toThrow(
      expect.objectContaining({
        code: 'ERR_CONTACT_SEND_FAILED',
        message: expect.stringContaining('did not answer within 200 ms') as unknown,
      }),
    )
  })

  it('should throw UnavailableError when nothing listens at the URL', async () => {
    const port = await closedPort()
    const sender = new WebhookSmsSender({ url: `http://127.0.0.1:${port}/sms` })
    await expect(sender.send(SMS)).rejects.toMatchObject({
      code: 'ERR_CONTACT_SEND_FAILED',
      message: expect.stringContaining('could not reach the SMS webhook') as unknown,
    })
  })

  it('should throw InputError and call nothing when the number is not E.164', async () => {
    const webhook = await startWebhook({ status: 200 })
    await expect(
      new WebhookSmsSender({ url: webhook.url }).send({ ...SMS, to: '612 34 56 78' }),
    ).rejects.toMatchObject({
      code: 'ERR_CONTACT_MESSAGE_INVALID',
      issues: [{ path: ['to'] }],
    })
    expect(webhook.requests).toEqual([])
  })

  it('should throw InputError when the URL is not http(s) or the timeout is not positive', () => {
    expect(() => new WebhookSmsSender({ url: 'ftp://sms.example/send', timeoutMs: 0 })).toThrow(
      expect.objectContaining({
        code: 'ERR_CONTACT_SENDER_CONFIG_INVALID',
        issues: [
          expect.objectContaining({ path: ['url'] }),
          expect.objectContaining({ path: ['timeoutMs'] }),
        ],
      }),
    )
  })
})
