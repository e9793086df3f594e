// The browser build: `mpsim web fixtures/shop` served over loopback HTTP, opened in Debian's
// headless chromium through puppeteer-core (which downloads no browser of its own). The
// canvas must show what `mpsim render` writes (the shop, the canvas fixture's poster, the wasm
// fixture's pages run on the browser's own WebAssembly), a tab tap must change the page, and
// the app's JS must run in the worker, not on the page. Run by .ci/run after build-web.sh:
// `npm ci && npm test` here (CHROMIUM names another browser, MPSIM_BIN another mpsim).
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const http = require('node:http')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { PNG } = require('pngjs')
const puppeteer = require('puppeteer-core')

const repo = path.resolve(__dirname, '..', '..')
const shop = path.join(repo, 'fixtures', 'shop')
const targetDir = process.env.CARGO_TARGET_DIR || path.join(repo, 'target')
const mpsim = process.env.MPSIM_BIN || path.join(targetDir, 'debug', 'mpsim')
const chromium = process.env.CHROMIUM || '/usr/bin/chromium'
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-web-'))
const site = path.join(work, 'shop')

const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' }
let server, browser, page, origin

test.before(async () => {
  assert.ok(fs.existsSync(mpsim), `${mpsim} does not exist: build it with cargo build -p mpsim-devtools`)
  assert.ok(fs.existsSync(chromium), `${chromium} does not exist: apt-get install chromium`)
  execFileSync(mpsim, ['web', shop, '--out', site])
  // Every site is a folder under `work`, served at /NAME/.
  server = http.createServer((req, res) => {
    let file = path.join(work, path.normalize(decodeURIComponent(req.url.split('?')[0])))
    if (file.startsWith(work) && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html')
    if (!file.startsWith(work) || !fs.existsSync(file)) return res.writeHead(404).end()
    send(res, file)
  })
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok))
  origin = `http://127.0.0.1:${server.address().port}/`
  browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu'] })
  page = await browser.newPage()
  page.on('console', (m) => { if (m.type() === 'error') console.log('page:', m.text()) })
})

function send(res, file) {
  res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' })
  fs.createReadStream(file).pipe(res)
}

test.after(async () => {
  if (browser) await browser.close()
  if (server) server.close()
  fs.rmSync(work, { recursive: true, force: true })
})

// The canvas's pixels (RGBA), once the frames have stopped changing (images arrive a frame
// or two after the first).
async function settledCanvas() {
  let last = -1
  for (let i = 0; i < 100; i++) {
    const frames = await page.evaluate(() => window.mpsim.frames)
    if (frames > 0 && frames === last) break
    last = frames
    await new Promise((ok) => setTimeout(ok, 150))
  }
  const b64 = await page.evaluate(() => {
    const c = document.getElementById('screen')
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
    let s = ''
    for (let i = 0; i < d.length; i += 0x8000) s += String.fromCharCode.apply(null, d.subarray(i, i + 0x8000))
    return btoa(s)
  })
  return Buffer.from(b64, 'base64')
}

// Share of pixels differing by more than `tol` in a colour channel.
function differing(a, b, tol) {
  let n = 0
  for (let i = 0; i < a.length; i += 4) {
    if (Math.abs(a[i] - b[i]) > tol || Math.abs(a[i + 1] - b[i + 1]) > tol || Math.abs(a[i + 2] - b[i + 2]) > tol) n++
  }
  return n / (a.length / 4)
}

let home
test('the canvas shows what mpsim render writes', async () => {
  const loadStart = Date.now()
  await page.goto(origin + 'shop/', { waitUntil: 'load' })
  await page.waitForFunction(() => window.mpsim && window.mpsim.frames > 0, { timeout: 60000 })
  home = await settledCanvas()
  const stats = await page.evaluate(() => window.mpsim)
  assert.deepEqual(stats.errors, [])
  const rendered = path.join(work, 'render.png')
  execFileSync(mpsim, ['render', shop, '--out', rendered])
  const png = PNG.sync.read(fs.readFileSync(rendered))
  assert.equal(home.length, png.width * png.height * 4, 'the canvas has the size of the render')
  const share = differing(home, png.data, 16)
  console.log(`first frame ${stats.firstFrameMs.toFixed(0)} ms after navigation (${Date.now() - loadStart} ms to settle); ${(share * 100).toFixed(3)}% of pixels differ from mpsim render`)
  assert.ok(share <= 0.01, `${(share * 100).toFixed(2)}% of pixels differ`)
})

test('the logic side runs in a worker, not on the page', async () => {
  const globals = await page.evaluate(() => [typeof App, typeof Page, typeof Component, typeof wx, typeof getCurrentPages])
  assert.deepEqual(globals, ['undefined', 'undefined', 'undefined', 'undefined', 'undefined'])
  assert.equal(await page.evaluate(() => window.mpsim.route), 'pages/index/index')
})

test('clicking a tab switches the page', async () => {
  const tabs = JSON.parse(fs.readFileSync(path.join(shop, 'app.json'), 'utf8')).tabBar.list
  const rect = await page.evaluate(() => {
    const r = document.getElementById('screen').getBoundingClientRect()
    return { x: r.left, y: r.top, w: r.width, h: r.height }
  })
  const last = tabs.length - 1
  await page.mouse.click(rect.x + rect.w * (last + 0.5) / tabs.length, rect.y + rect.h - 20)
  await page.waitForFunction((want) => window.mpsim.route === want, { timeout: 20000 }, tabs[last].pagePath)
  const after = await settledCanvas()
  assert.ok(differing(home, after, 16) > 0.05, 'the screen changed')
  const tap = await page.evaluate(() => window.mpsim.tapToFrameMs)
  console.log(`tap to frame: ${tap.toFixed(1)} ms`)
})

test('wx storage is kept in the browser per app id, and the next launch reads it', async () => {
  const app = path.join(repo, 'fixtures', 'storage-crash')
  const appid = JSON.parse(fs.readFileSync(path.join(app, 'project.config.json'), 'utf8')).appid
  execFileSync(mpsim, ['web', app, '--page', 'pages/write/write', '--out', path.join(work, 'write')])
  execFileSync(mpsim, ['web', app, '--page', 'pages/read/read', '--out', path.join(work, 'read')])
  const logged = []
  const listen = (m) => logged.push(m.text())
  page.on('console', listen)
  await page.goto(origin + 'write/', { waitUntil: 'load' })
  await page.waitForFunction((key) => localStorage.getItem(key) !== null, { timeout: 60000 }, `mpsim:storage:${appid}`)
  await page.goto(origin + 'read/', { waitUntil: 'load' })
  await page.waitForFunction(() => window.mpsim && window.mpsim.frames > 0, { timeout: 60000 })
  for (let i = 0; i < 50 && !logged.some((l) => l.includes('state')); i++) await new Promise((ok) => setTimeout(ok, 100))
  page.off('console', listen)
  const line = logged.find((l) => l.includes('state'))
  assert.ok(line, `the reader logged: ${logged.join(' | ')}`)
  assert.match(line, /state 1000 whole kept/)
})

test('canvases draw in the browser as mpsim render draws them', async () => {
  const app = path.join(repo, 'fixtures', 'canvas')
  execFileSync(mpsim, ['web', app, '--out', path.join(work, 'canvas')])
  await page.goto(origin + 'canvas/', { waitUntil: 'load' })
  await page.waitForFunction(() => window.mpsim && window.mpsim.frames > 0, { timeout: 60000 })
  // The poster's image loads and its export arrives a few frames after the first.
  await page.waitForFunction(() => window.mpsim.frames > 2, { timeout: 20000 }).catch(() => {})
  const shown = await settledCanvas()
  assert.deepEqual(await page.evaluate(() => window.mpsim.errors), [])
  const rendered = path.join(work, 'canvas.png')
  execFileSync(mpsim, ['render', app, '--out', rendered])
  const png = PNG.sync.read(fs.readFileSync(rendered))
  const share = differing(shown, png.data, 16)
  console.log(`canvas fixture: ${(share * 100).toFixed(3)}% of pixels differ from mpsim render`)
  assert.ok(share <= 0.01, `${(share * 100).toFixed(2)}% of pixels differ`)
})

// WXWebAssembly in the browser runs on the browser's own WebAssembly. Both pages of the wasm
// fixture must look as mpsim render (wasmtime) draws them, and log the same lines: the
// checksums of an image wasm inverted, and on the crossings page a trap, an exception passing
// through wasm, wasm -> JS -> wasm, memory growth, tables, globals and a link error.
test('WXWebAssembly runs on the browser\'s own WebAssembly', async () => {
  const app = path.join(repo, 'fixtures', 'wasm-image')
  const pages = [
    ['pages/index/index', ['checksums 8149a9c5 aeb68cc5 aeb68cc5']],
    ['pages/crossings/crossings', [
      'trap: RuntimeError: memory access out of bounds',
      'trap is a RuntimeError with wasm frames: true',
      'thrown through wasm comes out as itself: true',
      'seen inside the import: 254,253,252,4',
      'checksum called from the import: 2a416274',
      'grow: 1 pages; old buffer 0 bytes, new 131072',
      'table: holds the export true, grew from 1 to 3',
      'globals: 42, bigint 5, setting a constant: TypeError',
      'link: LinkError: WXWebAssembly.instantiate(): Import #0 "env" "progress": function import requires a callable',
      'validate: true',
    ]],
  ]
  for (const [route, lines] of pages) {
    const name = 'wasm-' + route.split('/').pop()
    execFileSync(mpsim, ['web', app, '--page', route, '--out', path.join(work, name)])
    const logged = []
    const listen = (m) => logged.push(m.text())
    page.on('console', listen)
    await page.goto(origin + name + '/', { waitUntil: 'load' })
    await page.waitForFunction(() => window.mpsim && window.mpsim.frames > 0, { timeout: 60000 })
    const shown = await settledCanvas()
    page.off('console', listen)
    assert.deepEqual(await page.evaluate(() => window.mpsim.errors), [])
    for (const line of lines) {
      assert.ok(logged.some((l) => l.endsWith(line)), `${route} logged "${line}"; it logged: ${logged.join(' | ')}`)
    }
    const rendered = path.join(work, name + '.png')
    execFileSync(mpsim, ['render', app, '--page', route, '--out', rendered])
    const png = PNG.sync.read(fs.readFileSync(rendered))
    const share = differing(shown, png.data, 16)
    console.log(`${route}: ${(share * 100).toFixed(3)}% of pixels differ from mpsim render`)
    assert.ok(share <= 0.01, `${(share * 100).toFixed(2)}% of pixels differ`)
  }
})

// A wasm loop that never ends cannot be stopped in a browser (natively, fuel stops it): the
// worker stays stuck, the page keeps answering and says what is wrong.
test('a worker stuck in an endless wasm loop is reported on the page', async () => {
  const app = path.join(repo, 'fixtures', 'wasm-image')
  execFileSync(mpsim, ['web', app, '--out', path.join(work, 'wasm-loop')])
  await page.goto(origin + 'wasm-loop/', { waitUntil: 'load' })
  await page.waitForFunction(() => window.mpsim && window.mpsim.frames > 0, { timeout: 60000 })
  await settledCanvas()
  assert.equal(await page.evaluate(() => window.mpsim.stalled), false)
  // The "Endless loop" button (fixtures/wasm-image/expected/index.png: 48..286 x 1170..1234
  // device pixels at 2x).
  const rect = await page.evaluate(() => {
    const r = document.getElementById('screen').getBoundingClientRect()
    return { x: r.left, y: r.top }
  })
  await page.mouse.click(rect.x + 83, rect.y + 601)
  await page.waitForFunction(() => window.mpsim.stalled, { timeout: 20000 })
  const said = await page.evaluate(() => document.getElementById('status').textContent)
  assert.match(said, /endless loop/)
  // The page itself still runs.
  assert.equal(await page.evaluate(() => 1 + 1), 2)
})
